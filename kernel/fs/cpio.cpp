#include <fs/cpio.h>
#include <lib/string.h>

namespace {

constexpr usize header_size = 110;

Result<u32> parse_hex8(const u8* p)
{
    u32 value = 0;
    for (int i = 0; i < 8; ++i) {
        u8 c = p[i];
        u32 digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return Errno::EINVAL;
        value = (value << 4) | digit;
    }
    return value;
}

constexpr usize align4(usize n) { return (n + 3) & ~usize(3); }

} // namespace

Result<bool> CpioReader::next(CpioEntry& entry)
{
    for (;;) {
        // Zero padding between (and after) archives; Linux skips it 4 bytes at a time.
        while (m_offset < m_size && m_data[m_offset] == 0)
            ++m_offset;
        if (m_offset >= m_size)
            return false;
        if (m_size - m_offset < header_size)
            return Errno::EINVAL;
        const u8* header = m_data + m_offset;
        if (memcmp(header, "07070", 5) != 0 || (header[5] != '1' && header[5] != '2'))
            return Errno::EINVAL;
        u32 fields[13];
        for (int i = 0; i < 13; ++i)
            fields[i] = TRY(parse_hex8(header + 6 + 8 * i));
        u32 filesize = fields[6];
        u32 namesize = fields[11];
        if (namesize == 0)
            return Errno::EINVAL;
        usize name_offset = m_offset + header_size;
        if (namesize > m_size - name_offset)
            return Errno::EINVAL;
        const char* name = reinterpret_cast<const char*>(m_data + name_offset);
        if (name[namesize - 1] != '\0' || strnlen(name, namesize) != namesize - 1)
            return Errno::EINVAL;
        usize data_offset = align4(name_offset + namesize);
        if (data_offset > m_size || filesize > m_size - data_offset)
            return Errno::EINVAL;
        m_offset = lib::min(align4(data_offset + filesize), m_size);

        if (namesize - 1 == 10 && memcmp(name, "TRAILER!!!", 10) == 0)
            continue;
        entry.ino = fields[0];
        entry.mode = fields[1];
        entry.uid = fields[2];
        entry.gid = fields[3];
        entry.nlink = fields[4];
        entry.mtime = fields[5];
        entry.dev_major = fields[7];
        entry.dev_minor = fields[8];
        entry.rdev_major = fields[9];
        entry.rdev_minor = fields[10];
        entry.name = name;
        entry.name_length = namesize - 1;
        entry.data = m_data + data_offset;
        entry.data_size = filesize;
        return true;
    }
}
