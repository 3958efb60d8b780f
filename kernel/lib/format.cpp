#include <lib/format.h>
#include <stdint.h>

namespace {

struct Spec {
    bool left_align { false };
    bool zero_pad { false };
    bool space_sign { false };
    bool plus_sign { false };
    bool alternate { false };
    usize width { 0 };
    bool has_precision { false };
    usize precision { 0 };
};

// Counts what it forwards, so that every caller gets the would-be length for free.
class Writer {
public:
    explicit Writer(FormatSink& sink)
        : m_sink(sink)
    {
    }

    usize written() const { return m_written; }

    void put(char const* characters, usize length)
    {
        if (length == 0)
            return;
        m_sink.put(characters, length);
        m_written += length;
    }

    // Padding goes out in chunks rather than one character at a time, so that a sink with a
    // per-call cost (a locked console) is not called once per space.
    void repeat(char character, usize count)
    {
        char chunk[16];
        for (char& c : chunk)
            c = character;
        while (count > 0) {
            usize n = count < sizeof(chunk) ? count : sizeof(chunk);
            put(chunk, n);
            count -= n;
        }
    }

    // body, padded to the field width with spaces.
    void put_padded(Spec const& spec, char const* body, usize length)
    {
        usize pad = spec.width > length ? spec.width - length : 0;
        if (!spec.left_align)
            repeat(' ', pad);
        put(body, length);
        if (spec.left_align)
            repeat(' ', pad);
    }

    void put_integer(Spec const& spec, u64 magnitude, bool negative, bool is_signed, unsigned base, bool upper)
    {
        char digits[24]; // 22 octal digits cover 64 bits
        usize digit_count = 0;
        char const* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        // C: an explicit precision of zero prints no digits for the value zero.
        if (!(magnitude == 0 && spec.has_precision && spec.precision == 0)) {
            do {
                digits[sizeof(digits) - 1 - digit_count++] = alphabet[magnitude % base];
                magnitude /= base;
            } while (magnitude != 0);
        }
        char const* first_digit = digits + sizeof(digits) - digit_count;

        char prefix[2];
        usize prefix_length = 0;
        if (is_signed) {
            if (negative)
                prefix[prefix_length++] = '-';
            else if (spec.plus_sign)
                prefix[prefix_length++] = '+';
            else if (spec.space_sign)
                prefix[prefix_length++] = ' ';
        }
        bool nonzero = digit_count > 0 && !(digit_count == 1 && first_digit[0] == '0');
        if (spec.alternate && base == 16 && nonzero) {
            prefix[prefix_length++] = '0';
            prefix[prefix_length++] = upper ? 'X' : 'x';
        }

        usize zeros = spec.has_precision && spec.precision > digit_count ? spec.precision - digit_count : 0;
        // C: '#' with %o makes the first digit a zero, raising the precision if it must.
        if (spec.alternate && base == 8 && zeros == 0 && (digit_count == 0 || first_digit[0] != '0'))
            zeros = 1;

        usize length = prefix_length + zeros + digit_count;
        usize pad = spec.width > length ? spec.width - length : 0;
        // C: the '0' flag is ignored with '-' or with a precision.
        if (spec.zero_pad && !spec.left_align && !spec.has_precision) {
            zeros += pad;
            pad = 0;
        }
        if (!spec.left_align)
            repeat(' ', pad);
        put(prefix, prefix_length);
        repeat('0', zeros);
        put(first_digit, digit_count);
        if (spec.left_align)
            repeat(' ', pad);
    }

private:
    FormatSink& m_sink;
    usize m_written { 0 };
};

enum class Length {
    Default,
    Char,
    Short,
    Long,
    LongLong,
    Size,
    PtrDiff,
    Max,
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

usize parse_number(char const*& p)
{
    usize value = 0;
    while (is_digit(*p))
        value = value * 10 + static_cast<usize>(*p++ - '0');
    return value;
}

// Sign-extends the argument as C's default promotions and the length modifier say.
i64 fetch_signed(Length length, va_list& arguments)
{
    switch (length) {
    case Length::Char:
        return static_cast<signed char>(va_arg(arguments, int));
    case Length::Short:
        return static_cast<short>(va_arg(arguments, int));
    case Length::Long:
        return va_arg(arguments, long);
    case Length::LongLong:
        return va_arg(arguments, long long);
    case Length::Size:
    case Length::PtrDiff:
        return va_arg(arguments, isize);
    case Length::Max:
        return va_arg(arguments, intmax_t);
    case Length::Default:
        break;
    }
    return va_arg(arguments, int);
}

u64 fetch_unsigned(Length length, va_list& arguments)
{
    switch (length) {
    case Length::Char:
        return static_cast<unsigned char>(va_arg(arguments, unsigned));
    case Length::Short:
        return static_cast<unsigned short>(va_arg(arguments, unsigned));
    case Length::Long:
        return va_arg(arguments, unsigned long);
    case Length::LongLong:
        return va_arg(arguments, unsigned long long);
    case Length::Size:
    case Length::PtrDiff:
        return va_arg(arguments, usize);
    case Length::Max:
        return va_arg(arguments, uintmax_t);
    case Length::Default:
        break;
    }
    return va_arg(arguments, unsigned);
}

usize format_impl(FormatSink& sink, char const* format, va_list& arguments)
{
    Writer out(sink);
    char const* p = format;
    while (*p) {
        if (*p != '%') {
            char const* literal = p;
            while (*p && *p != '%')
                ++p;
            out.put(literal, static_cast<usize>(p - literal));
            continue;
        }

        char const* spec_start = p++;
        Spec spec;
        for (;; ++p) {
            if (*p == '-')
                spec.left_align = true;
            else if (*p == '0')
                spec.zero_pad = true;
            else if (*p == ' ')
                spec.space_sign = true;
            else if (*p == '+')
                spec.plus_sign = true;
            else if (*p == '#')
                spec.alternate = true;
            else
                break;
        }

        if (*p == '*') {
            ++p;
            int width = va_arg(arguments, int);
            // C: a negative '*' width means '-' with the positive width.
            if (width < 0) {
                spec.left_align = true;
                spec.width = static_cast<usize>(-static_cast<i64>(width));
            } else {
                spec.width = static_cast<usize>(width);
            }
        } else {
            spec.width = parse_number(p);
        }

        if (*p == '.') {
            ++p;
            spec.has_precision = true;
            if (*p == '*') {
                ++p;
                int precision = va_arg(arguments, int);
                // C: a negative '*' precision is taken as if it were omitted.
                if (precision < 0)
                    spec.has_precision = false;
                else
                    spec.precision = static_cast<usize>(precision);
            } else {
                spec.precision = parse_number(p);
            }
        }

        Length length = Length::Default;
        if (*p == 'h') {
            ++p;
            length = Length::Short;
            if (*p == 'h') {
                ++p;
                length = Length::Char;
            }
        } else if (*p == 'l') {
            ++p;
            length = Length::Long;
            if (*p == 'l') {
                ++p;
                length = Length::LongLong;
            }
        } else if (*p == 'z') {
            ++p;
            length = Length::Size;
        } else if (*p == 't') {
            ++p;
            length = Length::PtrDiff;
        } else if (*p == 'j') {
            ++p;
            length = Length::Max;
        }

        char conversion = *p;
        if (conversion)
            ++p;
        switch (conversion) {
        case 'd':
        case 'i': {
            i64 value = fetch_signed(length, arguments);
            // Negate in unsigned arithmetic so that INT64_MIN does not overflow.
            u64 magnitude = value < 0 ? 0 - static_cast<u64>(value) : static_cast<u64>(value);
            out.put_integer(spec, magnitude, value < 0, true, 10, false);
            break;
        }
        case 'u':
            out.put_integer(spec, fetch_unsigned(length, arguments), false, false, 10, false);
            break;
        case 'x':
            out.put_integer(spec, fetch_unsigned(length, arguments), false, false, 16, false);
            break;
        case 'X':
            out.put_integer(spec, fetch_unsigned(length, arguments), false, false, 16, true);
            break;
        case 'o':
            out.put_integer(spec, fetch_unsigned(length, arguments), false, false, 8, false);
            break;
        case 'p': {
            void* pointer = va_arg(arguments, void*);
            if (!pointer) {
                out.put_padded(spec, "(nil)", 5);
                break;
            }
            spec.alternate = true;
            spec.plus_sign = false;
            spec.space_sign = false;
            out.put_integer(spec, reinterpret_cast<uptr>(pointer), false, false, 16, false);
            break;
        }
        case 'c': {
            char character = static_cast<char>(va_arg(arguments, int));
            out.put_padded(spec, &character, 1);
            break;
        }
        case 's': {
            char const* string = va_arg(arguments, char const*);
            if (!string)
                string = "(null)";
            // With a precision the string need not be NUL-terminated: read at most that many.
            usize string_length = 0;
            while ((!spec.has_precision || string_length < spec.precision) && string[string_length])
                ++string_length;
            out.put_padded(spec, string, string_length);
            break;
        }
        case '%':
            out.put("%", 1);
            break;
        default:
            // Unknown (or missing) conversion: show it as written rather than guess at arguments.
            out.put(spec_start, static_cast<usize>(p - spec_start));
            break;
        }
    }
    return out.written();
}

// Fills a caller's buffer, dropping what does not fit but still counting it.
class BufferSink final : public FormatSink {
public:
    BufferSink(char* buffer, usize capacity)
        : m_buffer(buffer)
        , m_capacity(capacity)
    {
    }

    void put(char const* characters, usize length) override
    {
        for (usize i = 0; i < length && m_used < m_capacity; ++i)
            m_buffer[m_used++] = characters[i];
    }

    usize used() const { return m_used; }

private:
    char* m_buffer;
    usize m_capacity;
    usize m_used { 0 };
};

} // namespace

usize vformat_sink(FormatSink& sink, char const* format, va_list arguments)
{
    // Work on a copy that we own, so the helpers can take it by reference whatever va_list is on
    // the target (an array type on x86_64, a pointer elsewhere).
    va_list copy;
    va_copy(copy, arguments);
    usize written = format_impl(sink, format, copy);
    va_end(copy);
    return written;
}

usize format_sink(FormatSink& sink, char const* format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    usize written = vformat_sink(sink, format, arguments);
    va_end(arguments);
    return written;
}

usize vformat_to(char* buffer, usize size, char const* format, va_list arguments)
{
    // Keep the last byte for the terminator.
    BufferSink sink(buffer, size > 0 ? size - 1 : 0);
    usize length = vformat_sink(sink, format, arguments);
    if (size > 0)
        buffer[sink.used()] = '\0';
    return length;
}

usize format_to(char* buffer, usize size, char const* format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    usize length = vformat_to(buffer, size, format, arguments);
    va_end(arguments);
    return length;
}
