#pragma once

#include <abi/linux/errno.h>
#include <lib/assert.h>
#include <lib/result.h>
#include <new>
#include <type_traits>
#include <utility>

// Unique ownership. The owner deletes the object when it dies; ownership moves, never copies.

template<typename T>
class OwnPtr;

// Owns an object and is never null (except after being moved from, when it may only be
// destroyed or assigned to).
template<typename T>
class [[nodiscard]] NonnullOwnPtr {
public:
    enum AdoptTag { Adopt };

    NonnullOwnPtr(AdoptTag, T& object)
        : m_ptr(&object)
    {
    }

    NonnullOwnPtr(NonnullOwnPtr const&) = delete;
    NonnullOwnPtr& operator=(NonnullOwnPtr const&) = delete;

    NonnullOwnPtr(NonnullOwnPtr&& other)
        : m_ptr(other.m_ptr)
    {
        other.m_ptr = nullptr;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> NonnullOwnPtr(NonnullOwnPtr<U>&& other)
        : m_ptr(other.leak_ptr())
    {
    }

    ~NonnullOwnPtr() { delete m_ptr; }

    NonnullOwnPtr& operator=(NonnullOwnPtr&& other)
    {
        NonnullOwnPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> NonnullOwnPtr& operator=(NonnullOwnPtr<U>&& other)
    {
        NonnullOwnPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    T* ptr() const
    {
        VERIFY(m_ptr);
        return m_ptr;
    }

    T* operator->() const { return ptr(); }
    T& operator*() const { return *ptr(); }

    // Gives up ownership; the caller must delete the object.
    [[nodiscard]] T* leak_ptr()
    {
        T* ptr = this->ptr();
        m_ptr = nullptr;
        return ptr;
    }

    void swap(NonnullOwnPtr& other) { std::swap(m_ptr, other.m_ptr); }

    bool operator==(T const* other) const { return m_ptr == other; }

private:
    T* m_ptr { nullptr };
};

// Owns an object or nothing.
template<typename T>
class [[nodiscard]] OwnPtr {
public:
    enum AdoptTag { Adopt };

    OwnPtr() = default;
    OwnPtr(std::nullptr_t) { }

    OwnPtr(AdoptTag, T* object)
        : m_ptr(object)
    {
    }

    OwnPtr(OwnPtr const&) = delete;
    OwnPtr& operator=(OwnPtr const&) = delete;

    OwnPtr(OwnPtr&& other)
        : m_ptr(other.leak_ptr())
    {
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> OwnPtr(OwnPtr<U>&& other)
        : m_ptr(other.leak_ptr())
    {
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> OwnPtr(NonnullOwnPtr<U>&& other)
        : m_ptr(other.leak_ptr())
    {
    }

    ~OwnPtr() { clear(); }

    OwnPtr& operator=(OwnPtr&& other)
    {
        OwnPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> OwnPtr& operator=(OwnPtr<U>&& other)
    {
        OwnPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    template<typename U>
    requires std::is_convertible_v<U*, T*> OwnPtr& operator=(NonnullOwnPtr<U>&& other)
    {
        OwnPtr moved(std::move(other));
        swap(moved);
        return *this;
    }

    OwnPtr& operator=(std::nullptr_t)
    {
        clear();
        return *this;
    }

    // Deletes the object (if any) and becomes null.
    void clear()
    {
        // Null first so that the destructor never sees us pointing at a half-dead object.
        T* ptr = m_ptr;
        m_ptr = nullptr;
        delete ptr;
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

    // Gives up ownership; the caller must delete the object.
    [[nodiscard]] T* leak_ptr()
    {
        T* ptr = m_ptr;
        m_ptr = nullptr;
        return ptr;
    }

    // Moves ownership into a NonnullOwnPtr; this must not be null.
    NonnullOwnPtr<T> release_nonnull()
    {
        VERIFY(m_ptr);
        return NonnullOwnPtr<T>(NonnullOwnPtr<T>::Adopt, *leak_ptr());
    }

    void swap(OwnPtr& other) { std::swap(m_ptr, other.m_ptr); }

    bool operator==(T const* other) const { return m_ptr == other; }
    bool operator==(std::nullptr_t) const { return m_ptr == nullptr; }

private:
    T* m_ptr { nullptr };
};

// Takes ownership of a freshly allocated object.
template<typename T>
NonnullOwnPtr<T> adopt_own(T& object)
{
    return NonnullOwnPtr<T>(NonnullOwnPtr<T>::Adopt, object);
}

template<typename T>
OwnPtr<T> adopt_own_if_nonnull(T* object)
{
    return OwnPtr<T>(OwnPtr<T>::Adopt, object);
}

// The fallible way to allocate an owned object: allocation failure becomes ENOMEM.
template<typename T, typename... Args>
Result<NonnullOwnPtr<T>> try_make(Args&&... args)
{
    // A fresh nothrow_t rather than std::nothrow, so the kernel need not define that object.
    T* object = new (std::nothrow_t {}) T(std::forward<Args>(args)...);
    if (!object)
        return Errno::ENOMEM;
    return adopt_own(*object);
}
