#pragma once

#include <lib/types.h>
#include <stdarg.h>

// printf-style formatting without floating point or allocation.
//
// Conversions: %d %i %u %x %X %o %c %s %p %%. Flags: '-' '0' ' ' '+' '#'. Width and precision as
// numbers or '*'. Length modifiers: hh h l ll z t j. Behaviour follows C's printf (and glibc where
// C leaves it open: %p prints 0x... or "(nil)", %s of a null pointer prints "(null)"). An unknown
// conversion is copied to the output as written. %n is deliberately not supported.

// Where formatted text goes, in pieces. The kernel console implements one; format_to() uses one
// that fills a buffer.
struct FormatSink {
    virtual void put(char const* characters, usize length) = 0;

protected:
    ~FormatSink() = default;
};

// Streams the formatted text into sink; returns the number of characters produced.
usize vformat_sink(FormatSink& sink, char const* format, va_list arguments);
usize format_sink(FormatSink& sink, char const* format, ...) __attribute__((format(printf, 2, 3)));

// snprintf semantics: writes at most size - 1 characters and always a terminating NUL when
// size > 0; returns the length the whole text would have had, so a result >= size means it was cut.
usize vformat_to(char* buffer, usize size, char const* format, va_list arguments);
usize format_to(char* buffer, usize size, char const* format, ...) __attribute__((format(printf, 3, 4)));
