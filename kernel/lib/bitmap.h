#pragma once

#include <lib/assert.h>
#include <lib/types.h>

// A bit array over storage owned by someone else (e.g. the physical page allocator's map, placed
// in memory found at boot). Bit i lives in words[i / 64], bit (i % 64). Bits past bit_count in the
// last word are never read as part of the map, so the caller need not clear them.
class Bitmap {
public:
    static constexpr usize npos = ~static_cast<usize>(0);
    static constexpr usize bits_per_word = 64;

    static constexpr usize words_for(usize bit_count)
    {
        return bit_count / bits_per_word + (bit_count % bits_per_word != 0);
    }

    constexpr Bitmap() = default;
    constexpr Bitmap(u64* words, usize bit_count)
        : m_words(words)
        , m_bit_count(bit_count)
    {
    }

    usize size() const { return m_bit_count; }
    u64* words() const { return m_words; }

    bool get(usize index) const
    {
        VERIFY(index < m_bit_count);
        return (m_words[index / bits_per_word] >> (index % bits_per_word)) & 1;
    }

    void set(usize index)
    {
        VERIFY(index < m_bit_count);
        m_words[index / bits_per_word] |= bit(index);
    }

    void clear(usize index)
    {
        VERIFY(index < m_bit_count);
        m_words[index / bits_per_word] &= ~bit(index);
    }

    void assign(usize index, bool value)
    {
        if (value)
            set(index);
        else
            clear(index);
    }

    void set_range(usize start, usize count) { fill_range(start, count, true); }
    void clear_range(usize start, usize count) { fill_range(start, count, false); }
    void set_all() { fill_range(0, m_bit_count, true); }
    void clear_all() { fill_range(0, m_bit_count, false); }

    // Index of the first clear/set bit at or after start, or npos.
    usize find_first_clear(usize start = 0) const { return find_first(start, false); }
    usize find_first_set(usize start = 0) const { return find_first(start, true); }

    // Start of the first run of count clear bits at or after start, or npos (count must be > 0).
    usize find_clear_run(usize count, usize start = 0) const
    {
        VERIFY(count > 0);
        usize position = start;
        while (true) {
            usize run_start = find_first_clear(position);
            if (run_start == npos || m_bit_count - run_start < count)
                return npos;
            usize run_end = find_first_set(run_start);
            if (run_end == npos)
                run_end = m_bit_count;
            if (run_end - run_start >= count)
                return run_start;
            position = run_end;
        }
    }

    usize count_set() const
    {
        usize count = 0;
        usize full_words = m_bit_count / bits_per_word;
        for (usize i = 0; i < full_words; ++i)
            count += popcount(m_words[i]);
        if (m_bit_count % bits_per_word)
            count += popcount(m_words[full_words] & low_mask(m_bit_count % bits_per_word));
        return count;
    }

    usize count_clear() const { return m_bit_count - count_set(); }

private:
    static constexpr u64 bit(usize index) { return u64(1) << (index % bits_per_word); }

    // The lowest n bits set, for 0 < n <= 64.
    static constexpr u64 low_mask(usize n) { return n >= bits_per_word ? ~u64(0) : (u64(1) << n) - 1; }

    // Written out rather than __builtin_popcountll, which without -mpopcnt becomes a call into
    // libgcc that the kernel does not link.
    static constexpr usize popcount(u64 value)
    {
        value = value - ((value >> 1) & 0x5555555555555555ull);
        value = (value & 0x3333333333333333ull) + ((value >> 2) & 0x3333333333333333ull);
        value = (value + (value >> 4)) & 0x0f0f0f0f0f0f0f0full;
        return static_cast<usize>((value * 0x0101010101010101ull) >> 56);
    }

    void fill_range(usize start, usize count, bool value)
    {
        VERIFY(start <= m_bit_count && count <= m_bit_count - start);
        usize index = start;
        usize end = start + count;
        while (index < end) {
            usize word = index / bits_per_word;
            usize offset = index % bits_per_word;
            usize n = lib::min(bits_per_word - offset, end - index);
            u64 mask = low_mask(n) << offset;
            if (value)
                m_words[word] |= mask;
            else
                m_words[word] &= ~mask;
            index += n;
        }
    }

    usize find_first(usize start, bool value) const
    {
        if (start >= m_bit_count)
            return npos;
        usize word = start / bits_per_word;
        // Look for a set bit in the (possibly inverted) word, ignoring bits before start.
        u64 bits = (value ? m_words[word] : ~m_words[word]) & ~low_mask_or_zero(start % bits_per_word);
        usize word_count = words_for(m_bit_count);
        while (true) {
            if (bits) {
                usize index = word * bits_per_word + static_cast<usize>(__builtin_ctzll(bits));
                return index < m_bit_count ? index : npos;
            }
            if (++word >= word_count)
                return npos;
            bits = value ? m_words[word] : ~m_words[word];
        }
    }

    static constexpr u64 low_mask_or_zero(usize n) { return n == 0 ? 0 : low_mask(n); }

    u64* m_words { nullptr };
    usize m_bit_count { 0 };
};

// A bitmap with its storage inline, for fixed-size maps (e.g. CPU masks, small id allocators).
template<usize N>
class StaticBitmap {
public:
    static constexpr usize npos = Bitmap::npos;

    constexpr usize size() const { return N; }

    bool get(usize index) const { return view().get(index); }
    void set(usize index) { view().set(index); }
    void clear(usize index) { view().clear(index); }
    void assign(usize index, bool value) { view().assign(index, value); }
    void set_range(usize start, usize count) { view().set_range(start, count); }
    void clear_range(usize start, usize count) { view().clear_range(start, count); }
    void set_all() { view().set_all(); }
    void clear_all() { view().clear_all(); }
    usize find_first_clear(usize start = 0) const { return view().find_first_clear(start); }
    usize find_first_set(usize start = 0) const { return view().find_first_set(start); }
    usize find_clear_run(usize count, usize start = 0) const { return view().find_clear_run(count, start); }
    usize count_set() const { return view().count_set(); }
    usize count_clear() const { return view().count_clear(); }

    // A Bitmap over this storage, for code written against Bitmap.
    Bitmap view() const { return Bitmap(const_cast<u64*>(m_words), N); }

private:
    u64 m_words[Bitmap::words_for(N) ? Bitmap::words_for(N) : 1] {};
};
