#pragma once

#include <abi/linux/errno.h>
#include <atomic>
#include <lib/assert.h>
#include <lib/result.h>
#include <lib/types.h>
#include <new>
#include <type_traits>
#include <utility>

// Intrusive reference counting. An object that is shared (address space, file table, open file,
// signal handlers, ...) derives from RefCounted<Self>; a new object starts with one reference, which
// adopt_ref() hands to the first NonnullRefPtr. The last unref() deletes it.
//
// NOTE: the count is atomic so that references may be taken and dropped on any CPU without a lock.
// Taking a reference needs no ordering (the caller already holds one); dropping the last one must
// see every write made through the other references, hence acq_rel on the decrement.
template<typename T>
class RefCounted {
public:
    RefCounted(RefCounted const&) = delete;
    RefCounted& operator=(RefCounted const&) = delete;

    void ref() const
    {
        u32 old = m_ref_count.fetch_add(1, std::memory_order_relaxed);
        VERIFY(old > 0);
        VERIFY(old < 0xffffffffu);
    }

    // For lookups in tables that do not own a reference (e.g. a pid table holding raw pointers):
    // takes a reference unless the object is already on its way out.
    [[nodiscard]] bool try_ref() const
    {
        u32 old = m_ref_count.load(std::memory_order_relaxed);
        while (old != 0) {
            VERIFY(old < 0xffffffffu);
            if (m_ref_count.compare_exchange_weak(old, old + 1, std::memory_order_acquire, std::memory_order_relaxed))
                return true;
        }
        return false;
    }

    void unref() const
    {
        u32 old = m_ref_count.fetch_sub(1, std::memory_order_acq_rel);
        VERIFY(old > 0);
        if (old != 1)
            return;
        T* self = const_cast<T*>(static_cast<T const*>(this));
        // Gives T a last look at itself while still whole (e.g. to unpublish itself from a table).
        // It must be public to be found.
        if constexpr (requires(T & object) { object.will_be_destroyed(); })
            self->will_be_destroyed();
        delete self;
    }

    u32 ref_count() const { return m_ref_count.load(std::memory_order_relaxed); }

protected:
    RefCounted() = default;
    ~RefCounted() = default;

private:
    mutable std::atomic<u32> m_ref_count { 1 };
};

template<typename T>
class RefPtr;

// A reference that is never null (except after being moved from, when it may only be destroyed
// or assigned to).
template<typename T>
class [[nodiscard]] NonnullRefPtr {
public:
    enum AdoptTag { Adopt };

    // Takes over the reference the caller owns; see adopt_ref().
    NonnullRefPtr(AdoptTag, T& object)
        : m_ptr(&object)
    {
    }

    // Takes a new reference.
    NonnullRefPtr(T& object)
        : m_ptr(&object)
    {
        m_ptr->ref();
    }

    NonnullRefPtr(NonnullRefPtr const& other)
        : m_ptr(other.m_ptr)
    {
        m_ptr->ref();
    }

    NonnullRefPtr(NonnullRefPtr&& other)
        : m_ptr(other.m_ptr)
    {
        other.m_ptr = nullptr;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> NonnullRefPtr(NonnullRefPtr<U> const& other)
        : m_ptr(other.ptr())
    {
        m_ptr->ref();
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> NonnullRefPtr(NonnullRefPtr<U>&& other)
        : m_ptr(&other.leak_ref())
    {
    }

    ~NonnullRefPtr()
    {
        if (m_ptr)
            m_ptr->unref();
    }

    NonnullRefPtr& operator=(NonnullRefPtr const& other)
    {
        NonnullRefPtr copy(other);
        swap(copy);
        return *this;
    }

    NonnullRefPtr& operator=(NonnullRefPtr&& other)
    {
        NonnullRefPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> NonnullRefPtr& operator=(NonnullRefPtr<U> const& other)
    {
        NonnullRefPtr copy(other);
        swap(copy);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> NonnullRefPtr& operator=(NonnullRefPtr<U>&& other)
    {
        NonnullRefPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    NonnullRefPtr& operator=(T& object)
    {
        NonnullRefPtr copy(object);
        swap(copy);
        return *this;
    }

    T* ptr() const
    {
        VERIFY(m_ptr);
        return m_ptr;
    }

    T* operator->() const { return ptr(); }
    T& operator*() const { return *ptr(); }

    // Gives up ownership of the reference without dropping it; the caller must unref() later.
    [[nodiscard]] T& leak_ref()
    {
        T* ptr = this->ptr();
        m_ptr = nullptr;
        return *ptr;
    }

    void swap(NonnullRefPtr& other) { std::swap(m_ptr, other.m_ptr); }

    template<typename U>
    bool operator==(NonnullRefPtr<U> const& other) const
    {
        return m_ptr == other.m_ptr;
    }

    bool operator==(T const* other) const { return m_ptr == other; }

private:
    template<typename U>
    friend class NonnullRefPtr;
    template<typename U>
    friend class RefPtr;

    T* m_ptr { nullptr };
};

// A nullable reference.
template<typename T>
class [[nodiscard]] RefPtr {
public:
    enum AdoptTag { Adopt };

    RefPtr() = default;
    RefPtr(std::nullptr_t) { }

    // Takes over the reference the caller owns; see adopt_ref_if_nonnull().
    RefPtr(AdoptTag, T* object)
        : m_ptr(object)
    {
    }

    // Takes a new reference (if non-null).
    RefPtr(T* object)
        : m_ptr(object)
    {
        if (m_ptr)
            m_ptr->ref();
    }

    RefPtr(T& object)
        : m_ptr(&object)
    {
        m_ptr->ref();
    }

    RefPtr(RefPtr const& other)
        : m_ptr(other.m_ptr)
    {
        if (m_ptr)
            m_ptr->ref();
    }

    RefPtr(RefPtr&& other)
        : m_ptr(other.leak_ref())
    {
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr(RefPtr<U> const& other)
        : m_ptr(other.ptr())
    {
        if (m_ptr)
            m_ptr->ref();
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr(RefPtr<U>&& other)
        : m_ptr(other.leak_ref())
    {
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr(NonnullRefPtr<U> const& other)
        : m_ptr(other.ptr())
    {
        m_ptr->ref();
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr(NonnullRefPtr<U>&& other)
        : m_ptr(&other.leak_ref())
    {
    }

    ~RefPtr() { clear(); }

    RefPtr& operator=(RefPtr const& other)
    {
        RefPtr copy(other);
        swap(copy);
        return *this;
    }

    RefPtr& operator=(RefPtr&& other)
    {
        RefPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr& operator=(RefPtr<U> const& other)
    {
        RefPtr copy(other);
        swap(copy);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr& operator=(RefPtr<U>&& other)
    {
        RefPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr& operator=(NonnullRefPtr<U> const& other)
    {
        RefPtr copy(other);
        swap(copy);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> RefPtr& operator=(NonnullRefPtr<U>&& other)
    {
        RefPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    RefPtr& operator=(T* object)
    {
        RefPtr copy(object);
        swap(copy);
        return *this;
    }

    RefPtr& operator=(std::nullptr_t)
    {
        clear();
        return *this;
    }

    // Drops the reference (if any) and becomes null.
    void clear()
    {
        // Null the pointer first: the destructor we may trigger must not see us still pointing
        // at the dying object.
        T* ptr = m_ptr;
        m_ptr = nullptr;
        if (ptr)
            ptr->unref();
    }

    T* ptr() const { return m_ptr; }

    T* operator->() const
    {
        VERIFY(m_ptr);
        return m_ptr;
    }

    T& operator*() const
    {
        VERIFY(m_ptr);
        return *m_ptr;
    }

    bool is_null() const { return m_ptr == nullptr; }
    explicit operator bool() const { return m_ptr != nullptr; }

    // Gives up ownership of the reference without dropping it; the caller must unref() later.
    [[nodiscard]] T* leak_ref()
    {
        T* ptr = m_ptr;
        m_ptr = nullptr;
        return ptr;
    }

    // Moves the reference into a NonnullRefPtr; this must not be null.
    NonnullRefPtr<T> release_nonnull()
    {
        VERIFY(m_ptr);
        return NonnullRefPtr<T>(NonnullRefPtr<T>::Adopt, *leak_ref());
    }

    void swap(RefPtr& other) { std::swap(m_ptr, other.m_ptr); }

    template<typename U>
    bool operator==(RefPtr<U> const& other) const
    {
        return m_ptr == other.ptr();
    }

    template<typename U>
    bool operator==(NonnullRefPtr<U> const& other) const
    {
        return m_ptr == other.m_ptr;
    }

    bool operator==(T const* other) const { return m_ptr == other; }
    bool operator==(std::nullptr_t) const { return m_ptr == nullptr; }

private:
    T* m_ptr { nullptr };
};

// Wraps a freshly created object (reference count 1) without taking another reference.
template<typename T>
NonnullRefPtr<T> adopt_ref(T& object)
{
    return NonnullRefPtr<T>(NonnullRefPtr<T>::Adopt, object);
}

template<typename T>
RefPtr<T> adopt_ref_if_nonnull(T* object)
{
    return RefPtr<T>(RefPtr<T>::Adopt, object);
}

// The fallible way to create a reference-counted object: allocation failure becomes ENOMEM.
template<typename T, typename... Args>
Result<NonnullRefPtr<T>> try_make_ref_counted(Args&&... args)
{
    // A fresh nothrow_t rather than std::nothrow, so the kernel need not define that object.
    T* object = new (std::nothrow_t {}) T(std::forward<Args>(args)...);
    if (!object)
        return Errno::ENOMEM;
    return adopt_ref(*object);
}
