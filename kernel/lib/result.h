#pragma once

#include <abi/linux/errno.h>
#include <lib/assert.h>
#include <new>
#include <type_traits>
#include <utility>

// Result<T>: either a T or an Errno. Fallible kernel functions return it, callers propagate with
// TRY() and assert with MUST(). The value lives in a union so that T needs no default constructor
// and may be move-only (OwnPtr, NonnullRefPtr).
template<typename T>
class [[nodiscard]] Result {
    static_assert(!std::is_reference_v<T>, "Result<T&> is not supported; return a pointer");
    static_assert(!std::is_same_v<std::remove_cv_t<T>, Errno>, "Result<Errno> would be ambiguous");

public:
    using ValueType = T;

    Result(T const& value) requires std::is_copy_constructible_v<T> : m_is_error(false) { new (&m_value) T(value); }

    Result(T&& value)
        : m_is_error(false)
    {
        new (&m_value) T(std::move(value));
    }

    // Lets `return derived_ptr;` build a Result<NonnullRefPtr<Base>>, Result<OwnPtr<T>> from a
    // NonnullOwnPtr<T>, and so on; explicit when U only converts explicitly.
    template<typename U>
    requires(
        !std::is_same_v<std::remove_cvref_t<U>,
            T> && !std::is_same_v<std::remove_cvref_t<U>, Errno> && !std::is_same_v<std::remove_cvref_t<U>, Result> && std::is_constructible_v<T, U&&>) explicit(!std::
                                                                                                                                                                     is_convertible_v<
                                                                                                                                                                         U&&,
                                                                                                                                                                         T>)
        Result(U&& value)
        : m_is_error(false)
    {
        new (&m_value) T(std::forward<U>(value));
    }

    Result(Errno error)
        : m_error(error)
        , m_is_error(true)
    {
    }

    Result(Result const& other) requires std::is_copy_constructible_v<T> : m_is_error(other.m_is_error)
    {
        if (m_is_error)
            m_error = other.m_error;
        else
            new (&m_value) T(other.m_value);
    }

    Result(Result&& other)
        : m_is_error(other.m_is_error)
    {
        if (m_is_error)
            m_error = other.m_error;
        else
            new (&m_value) T(std::move(other.m_value));
    }

    Result& operator=(Result const& other) requires std::is_copy_constructible_v<T>
    {
        if (this != &other) {
            destroy();
            construct_from(other);
        }
        return *this;
    }

    Result& operator=(Result&& other)
    {
        if (this != &other) {
            destroy();
            construct_from(std::move(other));
        }
        return *this;
    }

    ~Result() { destroy(); }

    bool is_error() const { return m_is_error; }

    Errno error() const
    {
        VERIFY(m_is_error);
        return m_error;
    }

    // Same as error(); named for the TRY() macro, which reads like "hand the error upwards".
    Errno release_error() const { return error(); }

    T& value() &
    {
        VERIFY(!m_is_error);
        return m_value;
    }

    T const& value() const&
    {
        VERIFY(!m_is_error);
        return m_value;
    }

    T&& value() &&
    {
        VERIFY(!m_is_error);
        return std::move(m_value);
    }

    // Moves the value out; the Result keeps a moved-from T until it dies.
    T release_value()
    {
        VERIFY(!m_is_error);
        return std::move(m_value);
    }

private:
    void destroy()
    {
        if (!m_is_error)
            m_value.~T();
    }

    template<typename Other>
    void construct_from(Other&& other)
    {
        m_is_error = other.m_is_error;
        if (m_is_error)
            m_error = other.m_error;
        else
            new (&m_value) T(std::forward<Other>(other).m_value);
    }

    union {
        T m_value;
        Errno m_error;
    };
    bool m_is_error;
};

// Result<void>: success carries nothing. Default construction means success so that a function
// can end with `return {};`.
template<>
class [[nodiscard]] Result<void> {
public:
    using ValueType = void;

    Result() = default;

    Result(Errno error)
        : m_error(error)
        , m_is_error(true)
    {
    }

    bool is_error() const { return m_is_error; }

    Errno error() const
    {
        VERIFY(m_is_error);
        return m_error;
    }

    Errno release_error() const { return error(); }

    void value() const { VERIFY(!m_is_error); }
    void release_value() const { VERIFY(!m_is_error); }

private:
    Errno m_error {};
    bool m_is_error { false };
};

// TRY(expr): evaluate a Result; on error return that error from the enclosing function (which
// must return some Result<U>), otherwise yield the value. For Result<void> it yields void, which a
// GNU statement expression allows as its last statement, so one macro serves both.
#define TRY(expr)                                                                                                      \
    ({                                                                                                                 \
        auto _sprout_try_result = (expr);                                                                              \
        if (_sprout_try_result.is_error()) [[unlikely]]                                                                \
            return _sprout_try_result.release_error();                                                                 \
        _sprout_try_result.release_value();                                                                            \
    })

// MUST(expr): for calls that cannot fail here; a failure is a kernel bug.
#define MUST(expr)                                                                                                     \
    ({                                                                                                                 \
        auto _sprout_must_result = (expr);                                                                             \
        VERIFY(!_sprout_must_result.is_error());                                                                       \
        _sprout_must_result.release_value();                                                                           \
    })
