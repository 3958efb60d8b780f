// The set*id rules (kernel/proc/setid.cpp) against Linux's kernel/sys.c, state by state. The user
// test tests/user/creds.c checks the same against Linux itself; here every rule is reached
// directly, including states a user test would need many steps to build.

#include <gtest/gtest.h>
#include <proc/cred.h>
#include <stdlib.h>

// The kernel frees the gid array with kfree(); here it came from malloc().
GroupInfo::~GroupInfo() { free(const_cast<u32*>(gids())); }

namespace {

constexpr u32 NO = ~0u;

Credentials ids(u32 r, u32 e, u32 s, u32 rg = 0, u32 eg = 0, u32 sg = 0)
{
    Credentials c;
    c.uid = r, c.euid = e, c.suid = s, c.fsuid = e;
    c.gid = rg, c.egid = eg, c.sgid = sg, c.fsgid = eg;
    return c;
}

void expect_uids(const Credentials& c, u32 r, u32 e, u32 s, u32 fs)
{
    EXPECT_EQ(c.uid, r);
    EXPECT_EQ(c.euid, e);
    EXPECT_EQ(c.suid, s);
    EXPECT_EQ(c.fsuid, fs);
}

} // namespace

TEST(Setid, RootSetuidSetsAllFour)
{
    auto c = cred_setuid(ids(0, 0, 0), 1000);
    ASSERT_FALSE(c.is_error());
    expect_uids(c.value(), 1000, 1000, 1000, 1000);
}

TEST(Setid, UnprivilegedSetuidOnlyToRealOrSaved)
{
    Credentials c = ids(1000, 1000, 0);
    EXPECT_EQ(cred_setuid(c, 5).error(), Errno::EPERM);
    auto back = cred_setuid(c, 0);
    ASSERT_FALSE(back.is_error());
    expect_uids(back.value(), 1000, 0, 0, 0); // only effective and fs
    EXPECT_EQ(cred_setuid(c, NO).error(), Errno::EINVAL);
}

TEST(Setid, SetreuidSavedFollowsEffective)
{
    auto c = cred_setreuid(ids(0, 0, 0), NO, 1000);
    ASSERT_FALSE(c.is_error());
    expect_uids(c.value(), 0, 1000, 1000, 1000); // euid != old ruid
    auto d = cred_setreuid(c.value(), NO, 0);
    ASSERT_FALSE(d.is_error());
    expect_uids(d.value(), 0, 0, 1000, 0); // euid == old ruid: saved stays
    auto e = cred_setreuid(ids(1000, 2000, 2000), 2000, 1000);
    ASSERT_FALSE(e.is_error());
    expect_uids(e.value(), 2000, 1000, 1000, 1000); // real set: saved = new effective
    EXPECT_EQ(cred_setreuid(ids(1000, 2000, 2000), 3000, NO).error(), Errno::EPERM);
    EXPECT_EQ(cred_setreuid(ids(1000, 2000, 3000), 3000, NO).error(), Errno::EPERM); // real: not to saved
    EXPECT_FALSE(cred_setreuid(ids(1000, 2000, 3000), NO, 3000).is_error()); // effective: to saved
}

TEST(Setid, SetresuidNoOpKeepsFsuid)
{
    Credentials c = ids(0, 0, 0);
    c.fsuid = 77;
    auto same = cred_setresuid(c, NO, NO, NO);
    ASSERT_FALSE(same.is_error());
    EXPECT_EQ(same.value().fsuid, 77u);
    auto reset = cred_setresuid(c, NO, 0, NO); // euid equal, fsuid not: not a no-op
    ASSERT_FALSE(reset.is_error());
    EXPECT_EQ(reset.value().fsuid, 0u);
}

TEST(Setid, SetresuidUnprivilegedPermutes)
{
    Credentials c = ids(1, 2, 3);
    auto p = cred_setresuid(c, 3, 1, 2);
    ASSERT_FALSE(p.is_error());
    expect_uids(p.value(), 3, 1, 2, 1);
    EXPECT_EQ(cred_setresuid(c, NO, 4, NO).error(), Errno::EPERM);
}

TEST(Setid, SetfsuidRules)
{
    Credentials c = ids(1, 2, 3);
    EXPECT_EQ(cred_setfsuid(c, 3).fsuid, 3u);
    EXPECT_EQ(cred_setfsuid(c, 9).fsuid, 2u); // refused silently
    EXPECT_EQ(cred_setfsuid(c, NO).fsuid, 2u); // only asks
    EXPECT_EQ(cred_setfsuid(ids(1, 0, 3), 9).fsuid, 9u); // privileged
}

TEST(Setid, GidRulesFollowTheEffectiveUidForPrivilege)
{
    // Privilege is euid 0, whatever the gids are.
    auto root = cred_setgid(ids(0, 0, 0, 5, 5, 5), 7);
    ASSERT_FALSE(root.is_error());
    EXPECT_EQ(root.value().gid, 7u);
    EXPECT_EQ(root.value().sgid, 7u);
    Credentials user = ids(1000, 1000, 1000, 0, 0, 0);
    EXPECT_EQ(cred_setgid(user, 7).error(), Errno::EPERM);
    auto c = cred_setresgid(ids(1000, 1000, 1000, 100, 200, 300), NO, 300, NO);
    ASSERT_FALSE(c.is_error());
    EXPECT_EQ(c.value().egid, 300u);
    EXPECT_EQ(c.value().fsgid, 300u);
    auto r = cred_setregid(ids(1000, 1000, 1000, 100, 300, 300), 300, NO);
    ASSERT_FALSE(r.is_error());
    EXPECT_EQ(r.value().sgid, 300u);
    EXPECT_EQ(cred_setfsgid(user, 9).fsgid, 0u);
}

TEST(Setid, GroupsSortedAndSearched)
{
    u32* gids = static_cast<u32*>(malloc(6 * sizeof(u32)));
    u32 in[] = { 9, 3, 7, 3, 0, 100 };
    for (int i = 0; i < 6; i++)
        gids[i] = in[i];
    sort_groups(gids, 6);
    u32 sorted[] = { 0, 3, 3, 7, 9, 100 };
    for (int i = 0; i < 6; i++)
        EXPECT_EQ(gids[i], sorted[i]);
    Credentials c = ids(1000, 1000, 1000, 50, 50, 50);
    c.groups = adopt_ref(*new GroupInfo(gids, 6));
    EXPECT_TRUE(c.in_group(50)); // the fsgid
    EXPECT_TRUE(c.in_group(7));
    EXPECT_TRUE(c.in_group(100));
    EXPECT_FALSE(c.in_group(8));
    EXPECT_EQ(c.group_count(), 6u);
}
