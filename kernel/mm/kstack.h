#pragma once
// Kernel stacks: 16 KiB each (as Linux on x86_64), in their own virtual area, each sitting above
// an unmapped guard gap. A stack overflow then faults on the guard instead of silently writing
// over a neighbour; the fault lands on the double-fault IST stack and ends in a panic report.

#include <lib/result.h>
#include <lib/types.h>
#include <mm/memory.h>
#include <mm/page.h>

class KernelStack {
public:
    static constexpr usize size = 16 * 1024;
    static constexpr usize guard_size = 16 * 1024; // the unmapped gap below each stack

    static Result<KernelStack> create();
    KernelStack() = default;
    KernelStack(KernelStack&& other);
    KernelStack& operator=(KernelStack&& other);
    KernelStack(const KernelStack&) = delete;
    KernelStack& operator=(const KernelStack&) = delete;
    ~KernelStack();

    uptr bottom() const { return m_bottom; } // lowest mapped address
    uptr top() const { return m_bottom + size; }
    bool is_null() const { return m_bottom == 0; }

private:
    explicit KernelStack(uptr bottom)
        : m_bottom(bottom)
    {
    }
    void release();

    uptr m_bottom { 0 };
    PageFrame* m_pages { nullptr }; // the 16 KiB block behind the stack, once allocated
};

usize kernel_stacks_in_use();
