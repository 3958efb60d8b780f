// Page faults on user memory: demand paging, the shared zero page, file and shared mappings, and
// the write fault on a private page that is not (or no longer) ours alone. That last case is the
// copy-on-write of Linux's do_wp_page(): copy the page, or, when this address space is its only
// user, just make it writable.

#include <fs/inode.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <mm/fault.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/uaccess.h>
#include <new>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/cputime.h>
#include <sched/sched.h>

using namespace mman;

namespace {

PageFrame* the_zero_page;

// A private copy of `source` (or a zeroed page when there is nothing to copy): anonymous memory.
// NOTE: the page is nobody else's yet, so its flags can change without a lock.
Result<PageFrame*> copy_page(PageFrame* source)
{
    PageFrame* copy;
    if (!source || source == the_zero_page) {
        copy = TRY(alloc_zeroed_pages(0));
    } else {
        copy = TRY(alloc_pages(0));
        memcpy(page_address(copy), page_address(source), PAGE_SIZE);
    }
    copy->flags |= PG_anon;
    return copy;
}

FaultResult to_fault_result(Errno error)
{
    return error == Errno::ENOMEM ? FaultResult::OutOfMemory : FaultResult::Bus;
}

} // namespace

PageFrame* zero_page()
{
    if (!the_zero_page) {
        // Allocated at the first fault that needs it and never freed: its reference count stays
        // at 1 and mappings of it are neither referenced nor counted in m_resident
        // (release_page() skips it).
        auto page = alloc_zeroed_pages(0);
        if (page.is_error())
            return nullptr;
        the_zero_page = page.value();
    }
    return the_zero_page;
}

FaultResult handle_page_fault(uptr address, u32 access)
{
    Task* task = current();
    if (!task->mm)
        return FaultResult::Segv;
    FaultResult result = task->mm->handle_fault(address, access);
    // Linux's mm_account_fault(): a fault that was served counts, a failed one does not. Every
    // fault here is minor: the pages come from memory (page cache, zero page, a copy), never
    // from a disk or swap.
    if (result == FaultResult::Handled)
        account_page_fault(false);
    return result;
}

FaultResult AddressSpace::handle_fault(uptr address, u32 access)
{
    SpinlockGuard guard(m_lock);
    Region* region = find_region_locked(address);
    if (!region)
        return FaultResult::Segv;
    // Permissions first: the region's protection is the truth, whatever the page tables say.
    if ((access & FaultWrite) && !(region->prot & PROT_WRITE))
        return FaultResult::Segv;
    if ((access & FaultExec) && !(region->prot & PROT_EXEC))
        return FaultResult::Segv;
    if (!(region->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
        return FaultResult::Segv;
    return fault_locked(*region, address & ~(PAGE_SIZE - 1), access);
}

FaultResult AddressSpace::fault_locked(Region& region, uptr page, u32 access)
{
    bool write = access & FaultWrite;
    auto current = arch::translate(m_root, page);

    if (!current.is_error()) {
        // Present. Either another CPU's fault got here first, or this is a write to a page mapped
        // read-only on purpose.
        if (!write || (current.value().flags & arch::MapWrite))
            return FaultResult::Handled;
        PageFrame* frame = phys_to_page(current.value().phys & ~(PAGE_SIZE - 1));
        if (region.is_shared()) {
            // Shared pages are never copied: every sharer sees the writes.
            (void)arch::replace_page(m_root, page, page_to_phys(frame), user_page_flags(region.prot, true));
            return FaultResult::Handled;
        }
        // Private: ours alone (one reference, not the zero page) means nobody else can see the
        // write, so it only needs to become writable. A page-cache page always has the cache's
        // reference too, so a private file mapping gets its copy here.
        if (frame != the_zero_page && frame->refcount.load(std::memory_order_acquire) == 1) {
            (void)arch::replace_page(m_root, page, page_to_phys(frame), user_page_flags(region.prot, true));
            return FaultResult::Handled;
        }
        auto copy = copy_page(frame);
        if (copy.is_error())
            return FaultResult::OutOfMemory;
        auto old = arch::replace_page(m_root, page, page_to_phys(copy.value()), user_page_flags(region.prot, true));
        if (old.is_error()) {
            put_page(copy.value());
            return FaultResult::OutOfMemory;
        }
        if (frame != the_zero_page)
            put_page(frame);
        else
            ++m_resident; // the zero page was not counted; its copy is
        return FaultResult::Handled;
    }

    // Not present: bring the page in.
    PageFrame* frame;
    bool writable;
    if (region.file || region.shared) {
        u64 index = region.backing_index(page);
        // Past the page holding the file's last byte there is nothing to map: SIGBUS, as Linux.
        if (region.file && index >= lib::align_up(region.file->size(), u64(PAGE_SIZE)) / PAGE_SIZE)
            return FaultResult::Bus;
        Result<PageFrame*> backing = region.file ? region.file->get_page(index) : region.shared->get_page(index);
        if (backing.is_error())
            return to_fault_result(backing.error());
        frame = backing.value();
        writable = region.is_shared();
        if (write && !region.is_shared()) {
            // A private write: our own copy of the file's page from the start.
            auto copy = copy_page(frame);
            put_page(frame);
            if (copy.is_error())
                return FaultResult::OutOfMemory;
            frame = copy.value();
            writable = true;
        }
    } else if (write) {
        auto fresh = copy_page(nullptr);
        if (fresh.is_error())
            return FaultResult::OutOfMemory;
        frame = fresh.value();
        writable = true;
    } else {
        // A read of untouched anonymous memory: the zero page, read-only, until the first write.
        frame = zero_page();
        if (!frame)
            return FaultResult::OutOfMemory;
        writable = false;
    }
    auto mapped = arch::map_page(m_root, page, page_to_phys(frame), user_page_flags(region.prot, writable));
    if (mapped.is_error()) {
        if (frame != the_zero_page)
            put_page(frame);
        return FaultResult::OutOfMemory;
    }
    if (frame != the_zero_page)
        ++m_resident;
    return FaultResult::Handled;
}

// exec writes the new program's stack and zeroes its bss before the address space is current:
// through the direct map, page by page, faulting each page in as a user write would.
Result<void> AddressSpace::write_bytes(uptr address, const void* src, usize size)
{
    const char* from = static_cast<const char*>(src);
    while (size) {
        uptr page = address & ~(PAGE_SIZE - 1);
        usize chunk = lib::min(size, PAGE_SIZE - (address - page));
        if (handle_fault(page, FaultWrite | FaultUser) != FaultResult::Handled)
            return Errno::EFAULT;
        u64 phys;
        {
            SpinlockGuard guard(m_lock);
            auto t = arch::translate(m_root, page);
            if (t.is_error() || !(t.value().flags & arch::MapWrite))
                return Errno::EFAULT;
            phys = t.value().phys;
        }
        char* to = static_cast<char*>(phys_to_virt(phys)) + (address - page);
        if (from)
            memcpy(to, from, chunk);
        else
            memset(to, 0, chunk);
        address += chunk;
        size -= chunk;
        if (from)
            from += chunk;
    }
    return {};
}

Result<void> AddressSpace::read_bytes(uptr address, void* dst, usize size)
{
    char* to = static_cast<char*>(dst);
    while (size) {
        uptr page = address & ~(PAGE_SIZE - 1);
        usize chunk = lib::min(size, PAGE_SIZE - (address - page));
        if (handle_fault(page, FaultUser) != FaultResult::Handled)
            return Errno::EFAULT;
        // NOTE: the copy happens under m_lock, so that a munmap() by the owner cannot free the
        // page between the translation and the copy.
        SpinlockGuard guard(m_lock);
        auto t = arch::translate(m_root, page);
        if (t.is_error())
            return Errno::EFAULT;
        memcpy(to, static_cast<char*>(phys_to_virt(t.value().phys)) + (address - page), chunk);
        address += chunk;
        size -= chunk;
        to += chunk;
    }
    return {};
}

usize AddressSpace::total_vm_bytes() const
{
    SpinlockGuard guard(m_lock);
    usize total = 0;
    for (const Region& region : m_regions)
        total += region.end - region.start;
    return total;
}

Result<void> AddressSpace::zero_bytes(uptr address, usize size) { return write_bytes(address, nullptr, size); }

SharedAnonymousMemory::SharedAnonymousMemory(PageFrame** pages, usize count)
    : m_pages(pages)
    , m_count(count)
{
}

Result<NonnullRefPtr<SharedAnonymousMemory>> SharedAnonymousMemory::create(usize pages)
{
    auto* array = static_cast<PageFrame**>(kzalloc(pages * sizeof(PageFrame*)));
    if (!array)
        return Errno::ENOMEM;
    auto object = try_make_ref_counted<SharedAnonymousMemory>(array, pages);
    if (object.is_error())
        kfree(array);
    return object;
}

SharedAnonymousMemory::~SharedAnonymousMemory()
{
    for (usize i = 0; i < m_count; ++i) {
        if (m_pages[i])
            put_page(m_pages[i]);
    }
    kfree(m_pages);
}

Result<PageFrame*> SharedAnonymousMemory::get_page(u64 index)
{
    if (index >= m_count)
        return Errno::EFAULT; // beyond the object: SIGBUS, as Linux for a shmem hole
    SpinlockGuard guard(m_lock);
    if (!m_pages[index])
        m_pages[index] = TRY(alloc_zeroed_pages(0));
    ::get_page(m_pages[index]);
    return m_pages[index];
}
