#include <gtest/gtest.h>
#include <lib/ownptr.h>
#include <lib/result.h>

namespace {

// Move-only and without a default constructor, like the kernel's owning types.
class Token {
public:
    explicit Token(int id)
        : m_id(id)
    {
        ++s_alive;
    }
    Token(Token&& other)
        : m_id(other.m_id)
    {
        other.m_id = -1;
        ++s_alive;
    }
    Token(Token const&) = delete;
    Token& operator=(Token&& other)
    {
        m_id = other.m_id;
        other.m_id = -1;
        return *this;
    }
    ~Token() { --s_alive; }

    int id() const { return m_id; }

    static inline int s_alive = 0;

private:
    int m_id;
};

Result<int> parse_digit(char c)
{
    if (c < '0' || c > '9')
        return Errno::EINVAL;
    return c - '0';
}

Result<int> add_digits(char a, char b)
{
    int x = TRY(parse_digit(a));
    int y = TRY(parse_digit(b));
    return x + y;
}

int g_steps = 0;

Result<void> step(bool fail)
{
    ++g_steps;
    if (fail)
        return Errno::EAGAIN;
    return {};
}

Result<void> run_steps(bool fail_second)
{
    TRY(step(false));
    TRY(step(fail_second));
    TRY(step(false));
    return {};
}

Result<Token> make_token(int id)
{
    if (id < 0)
        return Errno::ENOMEM;
    return Token(id);
}

Result<int> token_id_plus_one(int id)
{
    Token token = TRY(make_token(id));
    return token.id() + 1;
}

} // namespace

TEST(Result, HoldsValueOrError)
{
    Result<int> good = 42;
    EXPECT_FALSE(good.is_error());
    EXPECT_EQ(good.value(), 42);

    Result<int> bad = Errno::ENOENT;
    EXPECT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Errno::ENOENT);
}

TEST(Result, TryPropagatesFirstError)
{
    auto sum = add_digits('3', '4');
    ASSERT_FALSE(sum.is_error());
    EXPECT_EQ(sum.value(), 7);

    auto bad = add_digits('3', 'x');
    ASSERT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Errno::EINVAL);
}

TEST(Result, VoidResultAndTryStopsAtFailure)
{
    g_steps = 0;
    EXPECT_FALSE(run_steps(false).is_error());
    EXPECT_EQ(g_steps, 3);

    g_steps = 0;
    auto result = run_steps(true);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Errno::EAGAIN);
    EXPECT_EQ(g_steps, 2); // the third step never ran

    Result<void> success;
    EXPECT_FALSE(success.is_error());
}

TEST(Result, MoveOnlyValueIsDestroyedExactlyOnce)
{
    Token::s_alive = 0;
    {
        auto result = make_token(7);
        ASSERT_FALSE(result.is_error());
        EXPECT_EQ(result.value().id(), 7);
        EXPECT_EQ(Token::s_alive, 1);

        Token taken = result.release_value();
        EXPECT_EQ(taken.id(), 7);
        EXPECT_EQ(result.value().id(), -1); // moved-from, still owned by the Result
        EXPECT_EQ(Token::s_alive, 2);

        auto moved = std::move(result);
        EXPECT_EQ(Token::s_alive, 3);
    }
    EXPECT_EQ(Token::s_alive, 0);

    {
        auto error = make_token(-1);
        EXPECT_TRUE(error.is_error());
        EXPECT_EQ(Token::s_alive, 0); // an error constructs no T
    }
    EXPECT_EQ(Token::s_alive, 0);
}

TEST(Result, TryWithMoveOnlyValue)
{
    Token::s_alive = 0;
    EXPECT_EQ(token_id_plus_one(9).value(), 10);
    EXPECT_EQ(token_id_plus_one(-1).error(), Errno::ENOMEM);
    EXPECT_EQ(Token::s_alive, 0);
}

TEST(Result, AssignmentSwitchesBetweenValueAndError)
{
    Token::s_alive = 0;
    {
        Result<Token> result = Errno::EIO;
        result = Token(1);
        EXPECT_EQ(Token::s_alive, 1);
        EXPECT_EQ(result.value().id(), 1);
        result = Errno::EBUSY;
        EXPECT_EQ(Token::s_alive, 0);
        EXPECT_EQ(result.error(), Errno::EBUSY);
    }
    EXPECT_EQ(Token::s_alive, 0);
}

TEST(Result, RvalueValueMovesOut)
{
    Token token = make_token(5).value();
    EXPECT_EQ(token.id(), 5);
}

TEST(Result, ConvertsCompatibleValues)
{
    struct Base {
        virtual ~Base() = default;
        virtual int kind() const { return 0; }
    };
    struct Derived : Base {
        int kind() const override { return 1; }
    };
    auto make = []() -> Result<OwnPtr<Base>> { return TRY(try_make<Derived>()); };
    auto result = make();
    ASSERT_FALSE(result.is_error());
    EXPECT_EQ(result.value()->kind(), 1);
}

TEST(Result, MustYieldsValue)
{
    int x = MUST(parse_digit('8'));
    EXPECT_EQ(x, 8);
    MUST(step(false));
}

TEST(ResultDeathTest, MustAndValueOnErrorAbort)
{
    EXPECT_DEATH((void)MUST(parse_digit('x')), "VERIFY");
    EXPECT_DEATH((void)parse_digit('x').value(), "VERIFY");
    EXPECT_DEATH((void)parse_digit('1').error(), "VERIFY");
}
