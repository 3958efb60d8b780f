// Path lookup. The walk keeps a small stack of path strings: the caller's path at the bottom and
// the body of each symlink being followed above it, so that nested links need no recursion (the
// kernel stack is 16 KiB; link bodies live in kmalloc'd buffers).

#include <fs/mount.h>
#include <fs/namei.h>
#include <fs/super.h>
#include <lib/string.h>
#include <mm/slab.h>

using namespace linux_abi;

Result<NonnullRefPtr<Inode>> lookup_one(Inode& dir, StringView name)
{
    RefPtr<Inode> child;
    {
        MutexGuard guard(dir.sb().namespace_lock());
        child = TRY(dir.lookup(name));
    }
    return follow_mounts(child.release_nonnull());
}

namespace {

class PathWalk {
public:
    PathWalk(const NameiContext& ctx, Inode& start, FoundName* found = nullptr)
        : m_ctx(ctx)
        , m_current(start)
        , m_found(found)
    {
    }

    ~PathWalk()
    {
        while (m_depth)
            pop();
    }

    PathWalk(const PathWalk&) = delete;
    PathWalk& operator=(const PathWalk&) = delete;

    Result<void> begin(const char* path)
    {
        if (strnlen(path, PATH_MAX) >= PATH_MAX)
            return Errno::ENAMETOOLONG;
        if (*path == '\0')
            return Errno::ENOENT;
        push(nullptr, path);
        if (*path == '/')
            m_current = m_ctx.root;
        return {};
    }

    // Walks until the last component. With `stop_before_last`, leaves it unresolved in `parent`;
    // otherwise resolves it (following a final symlink if `follow`) into m_current.
    Result<void> walk(bool stop_before_last, bool follow, ParentLookup* parent)
    {
        for (;;) {
            StringView component;
            bool found = false;
            while (m_depth && !(found = next_path_component(m_stack[m_depth - 1].cursor, component)))
                pop();
            if (!found) {
                // Nothing left: "/" itself, or a final symlink whose body ended at a directory.
                if (parent) {
                    parent->dir = m_current;
                    parent->type = LastType::Root;
                }
                return {};
            }
            bool is_last = true;
            bool trailing_slash = false;
            for (usize i = 0; i < m_depth; ++i) {
                if (!only_slashes_remain(m_stack[i].cursor))
                    is_last = false;
                if (*m_stack[i].cursor == '/')
                    trailing_slash = true;
            }
            if (component.length > NAME_MAX)
                return Errno::ENAMETOOLONG;
            if (is_last && trailing_slash)
                m_must_be_directory = true;

            // Search permission on every directory passed through, the last one's parent
            // included (Linux's may_lookup() at the top of each step of link_path_walk()).
            if (!m_current->is_directory())
                return Errno::ENOTDIR;
            TRY(inode_permission(*m_current, MAY_EXEC, m_ctx.cred));

            if (is_last && stop_before_last) {
                parent->dir = m_current;
                parent->trailing_slash = trailing_slash;
                parent->type = component.is_dot() ? LastType::Dot
                    : component.is_dotdot()       ? LastType::DotDot
                                                  : LastType::Normal;
                memcpy(parent->name, component.chars, component.length);
                parent->name[component.length] = '\0';
                parent->name_length = component.length;
                return {};
            }

            if (component.is_dot()) {
                forget_found();
                continue;
            }
            if (component.is_dotdot()) {
                forget_found();
                m_current = TRY(dotdot());
                continue;
            }
            auto child = TRY(lookup_one(*m_current, component));
            if (child->is_symlink() && (!is_last || follow || trailing_slash)) {
                // A magic link (/proc/PID/fd/N, cwd, root) jumps straight to the inode it names,
                // whatever its text says (Linux's nd_jump_link()).
                RefPtr<FileName> carried;
                RefPtr<Inode> target = TRY(child->follow_magic_link(carried));
                if (target) {
                    if (++m_links_followed > MAXSYMLINKS)
                        return Errno::ELOOP;
                    forget_found();
                    if (m_found)
                        m_found->carried = std::move(carried);
                    m_current = target.release_nonnull();
                    continue;
                }
                TRY(follow_link(*child));
                continue;
            }
            if (m_found) {
                m_found->dir = m_current;
                m_found->carried = nullptr;
                memcpy(m_found->name, component.chars, component.length);
                m_found->name_length = component.length;
            }
            m_current = std::move(child);
        }
    }

    Result<NonnullRefPtr<Inode>> finish()
    {
        if (m_must_be_directory && !m_current->is_directory())
            return Errno::ENOTDIR;
        return m_current;
    }

    bool must_be_directory() const { return m_must_be_directory; }

private:
    struct Frame {
        char* owned; // a symlink body we allocated, or null for the caller's path
        const char* cursor;
    };

    void push(char* owned, const char* path)
    {
        VERIFY(m_depth < max_depth);
        m_stack[m_depth++] = { owned, path };
    }

    void pop() { kfree(m_stack[--m_depth].owned); }

    void forget_found()
    {
        if (m_found) {
            m_found->dir = nullptr;
            m_found->carried = nullptr;
        }
    }

    Result<void> follow_link(Inode& link)
    {
        if (++m_links_followed > MAXSYMLINKS || m_depth >= max_depth)
            return Errno::ELOOP;
        char* body = static_cast<char*>(kmalloc(PATH_MAX));
        if (!body)
            return Errno::ENOMEM;
        auto length = link.readlink(body, PATH_MAX - 1);
        if (length.is_error()) {
            kfree(body);
            return length.error();
        }
        if (length.value() == 0) {
            kfree(body);
            return Errno::ENOENT;
        }
        body[length.value()] = '\0';
        push(body, body);
        // A relative link continues from the directory holding it (still m_current).
        if (body[0] == '/')
            m_current = m_ctx.root;
        return {};
    }

    // "..": never above the caller's root; from a mount's root, first up to the covered directory.
    Result<NonnullRefPtr<Inode>> dotdot()
    {
        NonnullRefPtr<Inode> at = m_current;
        for (;;) {
            if (at.ptr() == m_ctx.root.ptr())
                return at;
            if (&at->sb().root() != at.ptr())
                break;
            RefPtr<Inode> covered = mount_point_of(*at);
            if (!covered)
                return at; // a detached root: ".." is itself
            at = covered.release_nonnull();
        }
        MutexGuard guard(at->sb().namespace_lock());
        return at->parent();
    }

    static constexpr usize max_depth = MAXSYMLINKS + 1;

    const NameiContext& m_ctx;
    NonnullRefPtr<Inode> m_current;
    Frame m_stack[max_depth];
    usize m_depth { 0 };
    u32 m_links_followed { 0 };
    bool m_must_be_directory { false };
    FoundName* m_found { nullptr };
};

} // namespace

Result<NonnullRefPtr<Inode>> path_lookupat(
    const NameiContext& ctx, Inode& start, const char* path, unsigned flags, FoundName* found)
{
    PathWalk walk(ctx, start, found);
    TRY(walk.begin(path));
    TRY(walk.walk(false, flags & LOOKUP_FOLLOW, nullptr));
    auto result = TRY(walk.finish());
    if ((flags & LOOKUP_DIRECTORY) && !result->is_directory())
        return Errno::ENOTDIR;
    return result;
}

Result<void> path_parentat(const NameiContext& ctx, Inode& start, const char* path, ParentLookup& out)
{
    PathWalk walk(ctx, start);
    TRY(walk.begin(path));
    TRY(walk.walk(true, false, &out));
    // The parent is searched for the last component by every caller.
    if (!out.dir->is_directory())
        return Errno::ENOTDIR;
    return {};
}
