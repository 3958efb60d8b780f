#include <fs/path.h>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split(const char* path)
{
    std::vector<std::string> parts;
    StringView component;
    while (next_path_component(path, component))
        parts.emplace_back(component.chars, component.length);
    return parts;
}

} // namespace

TEST(PathComponents, RepeatedAndTrailingSlashesCollapse)
{
    EXPECT_EQ(split("//a///b/c//"), (std::vector<std::string> { "a", "b", "c" }));
    EXPECT_EQ(split("a"), (std::vector<std::string> { "a" }));
    EXPECT_TRUE(split("/").empty());
    EXPECT_TRUE(split("").empty());
    EXPECT_EQ(split("./../x"), (std::vector<std::string> { ".", "..", "x" }));
}

TEST(PathComponents, CursorStopsOnTheSlashAfterAComponent)
{
    const char* path = "ab/cd/";
    StringView component;
    ASSERT_TRUE(next_path_component(path, component));
    EXPECT_EQ(*path, '/');
    EXPECT_FALSE(only_slashes_remain(path));
    ASSERT_TRUE(next_path_component(path, component));
    EXPECT_TRUE(only_slashes_remain(path));
    EXPECT_EQ(*path, '/'); // the trailing slash is still visible to the caller
    EXPECT_FALSE(next_path_component(path, component));
}

TEST(PathComponents, DotAndDotDotAreRecognisedExactly)
{
    EXPECT_TRUE(StringView(".").is_dot());
    EXPECT_TRUE(StringView("..").is_dotdot());
    EXPECT_FALSE(StringView("...").is_dotdot());
    EXPECT_FALSE(StringView(".a").is_dot());
    EXPECT_TRUE(StringView("abc", 2) == StringView("ab"));
    EXPECT_FALSE(StringView("abc") == StringView("ab"));
}
