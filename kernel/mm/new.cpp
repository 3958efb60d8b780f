// C++ allocation in the kernel goes to kmalloc(). Sprout has no exceptions, so a failed
// allocation is a null pointer: code allocates with `new (std::nothrow)` (lib's try_make<T>()
// does) and checks. The throwing forms exist only because the language wants them; reaching one
// with no memory is a bug, not an out-of-memory condition.

#include <lib/panic.h>
#include <mm/slab.h>
#include <new>

void* operator new(usize size, const std::nothrow_t&) noexcept { return kmalloc(size); }
void* operator new[](usize size, const std::nothrow_t&) noexcept { return kmalloc(size); }

void* operator new(usize size)
{
    void* p = kmalloc(size);
    if (!p)
        panic("operator new(%zu) without std::nothrow ran out of memory", size);
    return p;
}
void* operator new[](usize size) { return operator new(size); }

void operator delete(void* p) noexcept { kfree(p); }
void operator delete(void* p, usize) noexcept { kfree(p); }
void operator delete[](void* p) noexcept { kfree(p); }
void operator delete[](void* p, usize) noexcept { kfree(p); }

// What the C++ runtime would otherwise provide.
namespace std {
const nothrow_t nothrow {};
}

extern "C" {
void* __dso_handle;
// Static destructors never run: the kernel does not exit, it powers off.
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }
void __cxa_pure_virtual() { panic("pure virtual function called"); }
}
