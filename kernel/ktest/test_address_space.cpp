// Address spaces: regions (split, merge), demand paging, the zero page, private and shared file
// mappings with their page reference counts, brk, and that destroying one frees everything.

#include <abi/linux/fcntl.h>
#include <arch/mmu.h>
#include <fs/inode.h>
#include <fs/vfs.h>
#include <ktest/ktest.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <mm/page_alloc.h>

using namespace mman;

namespace {

constexpr uptr BASE = 0x10000000;

// A tmpfs file of `pages` pages whose page i is filled with byte i+1. Its page cache holds a
// reference on every page; each mapping adds one.
class TestFile {
public:
    static constexpr usize pages = 4;
    TestFile()
    {
        VfsContext ctx { MUST(FsContext::create()), nullptr, Credentials {} };
        auto file = MUST(
            vfs_open(ctx, linux_abi::AT_FDCWD, "/tmp/ktest-mapped", linux_abi::O_CREAT | linux_abi::O_RDWR, 0644));
        m_inode = file->inode_ref();
        u8 buffer[PAGE_SIZE];
        for (usize i = 0; i < pages; ++i) {
            memset(buffer, int(i + 1), sizeof(buffer));
            MUST(m_inode->write(i * PAGE_SIZE, UserOrKernelBuffer::for_kernel(buffer), sizeof(buffer)));
            m_cache[i] = MUST(m_inode->get_page(i));
            put_page(m_cache[i]); // only to learn which frame it is
        }
        MUST(vfs_unlink(ctx, linux_abi::AT_FDCWD, "/tmp/ktest-mapped")); // gone when unreferenced
    }
    RefPtr<Inode> inode() const { return m_inode; }
    PageFrame* cached(usize i) const { return m_cache[i]; }

private:
    RefPtr<Inode> m_inode;
    PageFrame* m_cache[pages];
};

u8 read_byte(AddressSpace& mm, uptr address)
{
    auto t = arch::translate(mm.root(), address);
    return t.is_error() ? 0xee : *static_cast<u8*>(phys_to_virt(t.value().phys));
}

} // namespace

KTEST(address_space_demand_paging_and_zero_page)
{
    u64 before = nr_free_pages();
    {
        auto mm = MUST(AddressSpace::create());
        KEXPECT_EQ(MUST(mm->mmap(BASE, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                       nullptr, 0)),
            BASE);
        KEXPECT(arch::translate(mm->root(), BASE).is_error()); // nothing until touched
        // A read maps the shared zero page, read-only.
        KEXPECT(mm->handle_fault(BASE, FaultRead | FaultUser) == FaultResult::Handled);
        auto t = MUST(arch::translate(mm->root(), BASE));
        KEXPECT(phys_to_page(t.phys) == zero_page());
        KEXPECT(!(t.flags & arch::MapWrite));
        // The write that follows gets a private zeroed page.
        KEXPECT(mm->handle_fault(BASE, FaultWrite | FaultUser | FaultPresent) == FaultResult::Handled);
        t = MUST(arch::translate(mm->root(), BASE));
        KEXPECT(phys_to_page(t.phys) != zero_page());
        KEXPECT(t.flags & arch::MapWrite);
        KEXPECT_EQ(read_byte(*mm, BASE + 100), 0u);
        KEXPECT_EQ(mm->resident_pages(), 1u);
        // Outside any region, and against the protection: SIGSEGV.
        KEXPECT(mm->handle_fault(BASE + 4 * PAGE_SIZE, FaultRead | FaultUser) == FaultResult::Segv);
        MUST(mm->mprotect(BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ));
        KEXPECT(mm->handle_fault(BASE + PAGE_SIZE, FaultWrite | FaultUser) == FaultResult::Segv);
        KEXPECT(zero_page()->refcount.load() == 1);
    }
    // The address space took its page tables and its one page with it (the zero page stays).
    KEXPECT(nr_free_pages() == before || nr_free_pages() == before - 1);
}

KTEST(address_space_regions_split_and_merge)
{
    auto mm = MUST(AddressSpace::create());
    MUST(mm->mmap(BASE, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
    KEXPECT_EQ(mm->region_count(), 1u);
    MUST(mm->munmap(BASE + 2 * PAGE_SIZE, PAGE_SIZE)); // a hole splits it in two
    KEXPECT_EQ(mm->region_count(), 2u);
    MUST(mm->mprotect(BASE + 4 * PAGE_SIZE, PAGE_SIZE, PROT_READ)); // a different page in the middle
    KEXPECT_EQ(mm->region_count(), 4u);
    MUST(mm->mprotect(BASE + 4 * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE)); // and back: merged
    KEXPECT_EQ(mm->region_count(), 2u);
    // Refilling the hole merges all three.
    MUST(mm->mmap(
        BASE + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
    KEXPECT_EQ(mm->region_count(), 1u);
    // Linux's errors.
    auto unaligned = mm->munmap(BASE + 1, PAGE_SIZE);
    KEXPECT(unaligned.is_error() && unaligned.error() == Errno::EINVAL);
    auto hole = mm->mprotect(BASE + 8 * PAGE_SIZE, PAGE_SIZE, PROT_READ);
    KEXPECT(hole.is_error() && hole.error() == Errno::ENOMEM);
    auto noreplace
        = mm->mmap(BASE, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, nullptr, 0);
    KEXPECT(noreplace.is_error() && noreplace.error() == Errno::EEXIST);
    // Without MAP_FIXED the kernel picks a free place, top-down, page-aligned.
    uptr a = MUST(mm->mmap(0, 3 * PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, nullptr, 0));
    uptr b = MUST(mm->mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, nullptr, 0));
    KEXPECT(a % PAGE_SIZE == 0 && b % PAGE_SIZE == 0 && b + PAGE_SIZE <= a);
}

KTEST(address_space_file_mappings_share_or_copy)
{
    u64 before = nr_free_pages();
    {
        TestFile test_file;
        TestFile* file = &test_file;
        u32 cache_refs = file->cached(1)->refcount.load(); // the page cache's own
        auto mm = MUST(AddressSpace::create());
        const uptr priv = BASE, shared = BASE + 16 * PAGE_SIZE;
        MUST(mm->mmap(priv, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, file->inode(), PAGE_SIZE));
        MUST(mm->mmap(shared, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, file->inode(), 0));

        // A private read maps the cache page itself, read-only: one more reference on it.
        KEXPECT(mm->handle_fault(priv, FaultRead | FaultUser) == FaultResult::Handled);
        KEXPECT_EQ(read_byte(*mm, priv), 2u); // file page 1
        KEXPECT_EQ(file->cached(1)->refcount.load(), cache_refs + 1);
        // A private write copies it: the file is untouched, the cache page loses our reference.
        KEXPECT(mm->handle_fault(priv, FaultWrite | FaultUser | FaultPresent) == FaultResult::Handled);
        KEXPECT_EQ(file->cached(1)->refcount.load(), cache_refs);
        auto copy = MUST(arch::translate(mm->root(), priv));
        *static_cast<u8*>(phys_to_virt(copy.phys)) = 0x77;
        KEXPECT_EQ(*static_cast<u8*>(page_address(file->cached(1))), 2u);

        // A shared write lands in the file's own page.
        KEXPECT(mm->handle_fault(shared, FaultWrite | FaultUser) == FaultResult::Handled);
        auto t = MUST(arch::translate(mm->root(), shared));
        KEXPECT(phys_to_page(t.phys) == file->cached(0));
        KEXPECT(t.flags & arch::MapWrite);
        *static_cast<u8*>(phys_to_virt(t.phys)) = 0x55;
        KEXPECT_EQ(*static_cast<u8*>(page_address(file->cached(0))), 0x55u);

        // Past the end of the file: SIGBUS.
        MUST(mm->mmap(BASE + 32 * PAGE_SIZE, 8 * PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED, file->inode(), 0));
        KEXPECT(mm->handle_fault(BASE + 36 * PAGE_SIZE, FaultRead | FaultUser) == FaultResult::Bus);

        // Unmapping gives back the mapping references.
        MUST(mm->munmap(shared, 2 * PAGE_SIZE));
        KEXPECT_EQ(file->cached(0)->refcount.load(), cache_refs);
    }
    KEXPECT(nr_free_pages() == before || nr_free_pages() == before - 1); // the zero page may stay
}

KTEST(address_space_brk_grows_and_shrinks)
{
    auto mm = MUST(AddressSpace::create());
    mm->set_brk_start(BASE);
    KEXPECT_EQ(mm->brk(0), BASE); // a query
    KEXPECT_EQ(mm->brk(BASE + 10000), BASE + 10000);
    KEXPECT(mm->handle_fault(BASE + 9999, FaultWrite | FaultUser) == FaultResult::Handled);
    KEXPECT(mm->handle_fault(BASE + 3 * PAGE_SIZE, FaultRead | FaultUser) == FaultResult::Segv);
    KEXPECT_EQ(mm->brk(BASE + 100), BASE + 100); // shrink: the pages above go
    KEXPECT(arch::translate(mm->root(), BASE + 2 * PAGE_SIZE).is_error());
    KEXPECT_EQ(mm->brk(BASE - 1), BASE + 100); // below the start: refused, old break returned
    // Into another mapping: refused.
    MUST(mm->mmap(BASE + 4 * PAGE_SIZE, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
    KEXPECT_EQ(mm->brk(BASE + 8 * PAGE_SIZE), BASE + 100);
}

KTEST(address_space_write_bytes_into_inactive_space)
{
    auto mm = MUST(AddressSpace::create());
    MUST(mm->mmap(BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
    const char text[] = "across a page boundary";
    MUST(mm->write_bytes(BASE + PAGE_SIZE - 5, text, sizeof(text)));
    KEXPECT_EQ(read_byte(*mm, BASE + PAGE_SIZE - 5), u8('a'));
    KEXPECT_EQ(read_byte(*mm, BASE + PAGE_SIZE), u8('s')); // text[5], first byte of the next page
    auto outside = mm->write_bytes(BASE + 2 * PAGE_SIZE, text, 1);
    KEXPECT(outside.is_error() && outside.error() == Errno::EFAULT);
}

// fork's copy of an address space: private pages shared read-only with one more reference, the
// first write copies (or, for the last user, only re-enables writing), shared pages stay shared,
// fork advice respected, and everything freed when both are gone.
KTEST(address_space_fork_is_copy_on_write)
{
    u64 before = nr_free_pages();
    {
        auto parent = MUST(AddressSpace::create());
        const uptr priv = BASE, shared = BASE + 16 * PAGE_SIZE, dontfork = BASE + 32 * PAGE_SIZE,
                   wipe = BASE + 48 * PAGE_SIZE;
        MUST(parent->mmap(priv, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
            nullptr, 0));
        MUST(parent->mmap(shared, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
            nullptr, 0));
        MUST(parent->mmap(dontfork, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
            nullptr, 0));
        MUST(parent->mmap(wipe, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
            nullptr, 0));
        const u8 one = 1;
        for (uptr a : { priv, priv + PAGE_SIZE, shared, dontfork, wipe })
            MUST(parent->write_bytes(a, &one, 1));
        MUST(parent->madvise(dontfork, PAGE_SIZE, 10)); // MADV_DONTFORK
        MUST(parent->madvise(wipe, PAGE_SIZE, 18));     // MADV_WIPEONFORK
        PageFrame* page = phys_to_page(MUST(arch::translate(parent->root(), priv)).phys);
        KEXPECT_EQ(page->refcount.load(), 1u);

        AddressSpace::ForkStats stats;
        auto child = MUST(parent->fork(stats));
        KEXPECT_EQ(stats.cow_pages, 2u); // the two private pages (WIPEONFORK maps none)
        KEXPECT_EQ(stats.shared_pages, 1u);
        KEXPECT_EQ(child->region_count(), 3u); // DONTFORK left out
        KEXPECT_EQ(page->refcount.load(), 2u);
        auto p = MUST(arch::translate(parent->root(), priv));
        auto c = MUST(arch::translate(child->root(), priv));
        KEXPECT(p.phys == c.phys && !(p.flags & arch::MapWrite) && !(c.flags & arch::MapWrite));
        KEXPECT(child->handle_fault(dontfork, FaultRead | FaultUser) == FaultResult::Segv);
        KEXPECT(arch::translate(child->root(), wipe).is_error());
        KEXPECT_EQ(read_byte(*child, priv), 1u);

        // The child writes: its own copy; the parent's page is back to one user.
        const u8 two = 2;
        MUST(child->write_bytes(priv, &two, 1));
        KEXPECT(MUST(arch::translate(child->root(), priv)).phys != p.phys);
        KEXPECT_EQ(page->refcount.load(), 1u);
        KEXPECT_EQ(read_byte(*parent, priv), 1u);
        // The parent writes: it is now the only user, so no copy, just write access again.
        KEXPECT(parent->handle_fault(priv, FaultWrite | FaultUser | FaultPresent) == FaultResult::Handled);
        auto after = MUST(arch::translate(parent->root(), priv));
        KEXPECT(after.phys == p.phys && (after.flags & arch::MapWrite));
        // Shared memory: the same page, writable, in both.
        auto ps = MUST(arch::translate(parent->root(), shared));
        auto cs = MUST(arch::translate(child->root(), shared));
        KEXPECT(ps.phys == cs.phys && (cs.flags & arch::MapWrite));
    }
    KEXPECT(nr_free_pages() == before || nr_free_pages() == before - 1); // the zero page may stay
}

// PROT_NONE keeps a present page (and its reference) while no access can reach it: the leaf is
// hidden from the MMU and translate() says absent; read-write again, the same frame is back
// (read-only until a write fault decides); a fork shares the hidden page; munmap frees it.
KTEST(address_space_prot_none_keeps_the_page)
{
    auto round = [] {
        auto mm = MUST(AddressSpace::create());
        MUST(mm->mmap(BASE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
        const char byte = 'n';
        MUST(mm->write_bytes(BASE, &byte, 1));
        u64 phys = MUST(arch::translate(mm->root(), BASE)).phys;
        PageFrame* frame = phys_to_page(phys);
        KEXPECT_EQ(frame->refcount.load(), 1u);

        MUST(mm->mprotect(BASE, PAGE_SIZE, PROT_NONE));
        KEXPECT(arch::translate(mm->root(), BASE).is_error());
        KEXPECT(mm->handle_fault(BASE, FaultRead | FaultUser) == FaultResult::Segv);
        KEXPECT_EQ(frame->refcount.load(), 1u);
        KEXPECT_EQ(mm->resident_pages(), 1u);

        AddressSpace::ForkStats stats;
        auto child = MUST(mm->fork(stats));
        KEXPECT_EQ(stats.cow_pages, 1u);
        KEXPECT_EQ(frame->refcount.load(), 2u);

        MUST(mm->mprotect(BASE, PAGE_SIZE, PROT_READ | PROT_WRITE));
        auto t = MUST(arch::translate(mm->root(), BASE));
        KEXPECT_EQ(t.phys, phys);
        KEXPECT(!(t.flags & arch::MapWrite));
        KEXPECT_EQ(read_byte(*mm, BASE), u8('n'));
        MUST(child->munmap(BASE, PAGE_SIZE)); // the child's hidden leaf: its reference goes
        KEXPECT_EQ(frame->refcount.load(), 1u);
    };
    round(); // the first round warms the caches it allocates from
    u64 before = nr_free_pages();
    round();
    KEXPECT_EQ(nr_free_pages(), before);
}
