#pragma once
// A /proc file's text being written into a fixed buffer (Linux's seq_file without the paging):
// add() formats at the end; finish() gives the length, or EOVERFLOW when the text did not fit,
// so that the caller can try again with a larger buffer (procfs.cpp does).

#include <lib/format.h>
#include <lib/result.h>
#include <lib/string.h>
#include <stdarg.h>

class ProcText {
public:
    ProcText(char* buffer, usize size)
        : m_buffer(buffer)
        , m_size(size)
    {
    }

    __attribute__((format(printf, 2, 3))) void add(const char* format, ...)
    {
        if (m_overflow)
            return;
        va_list arguments;
        va_start(arguments, format);
        usize n = vformat_to(m_buffer + m_length, m_size - m_length, format, arguments);
        va_end(arguments);
        if (n >= m_size - m_length)
            m_overflow = true;
        else
            m_length += n;
    }
    void add_bytes(const char* bytes, usize n)
    {
        if (m_overflow || n >= m_size - m_length) {
            m_overflow = true;
            return;
        }
        memcpy(m_buffer + m_length, bytes, n);
        m_length += n;
    }
    // Spaces up to column `column` of the current line (Linux's seq_setwidth() + seq_pad()).
    void pad_to(usize line_start, usize column)
    {
        while (!m_overflow && m_length - line_start < column)
            add_bytes(" ", 1);
    }
    usize length() const { return m_length; }
    // Room left, for a writer that formats in place (a path); and a way to take what it wrote.
    char* end() const { return m_buffer + m_length; }
    usize room() const { return m_overflow ? 0 : m_size - m_length; }
    void advance(usize n) { m_length += n; }
    void set_overflow() { m_overflow = true; }
    Result<usize> finish() const
    {
        if (m_overflow)
            return Errno::EOVERFLOW;
        return m_length;
    }

private:
    char* m_buffer;
    usize m_size;
    usize m_length { 0 };
    bool m_overflow { false };
};
