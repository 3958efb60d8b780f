// The load average's decay step (kernel/sched/loadavg.h, Linux's calc_load()).

#include <gtest/gtest.h>
#include <sched/loadavg.h>

namespace {

u64 run(u64 load, u64 exp, u64 active_tasks, int samples)
{
    for (int i = 0; i < samples; ++i)
        load = calc_load(load, exp, active_tasks * FIXED_1);
    return load;
}

} // namespace

TEST(LoadAvg, OneMinuteOfOneTaskIsAboutOneMinusOneOverE)
{
    // 12 samples of 5 s: 1 - e^-1 = 0.632 of one task.
    u64 load = run(0, EXP_1, 1, 12);
    EXPECT_GT(load, FIXED_1 * 60 / 100);
    EXPECT_LT(load, FIXED_1 * 66 / 100);
}

TEST(LoadAvg, SlowerAveragesRiseSlower)
{
    EXPECT_GT(run(0, EXP_1, 2, 12), run(0, EXP_5, 2, 12));
    EXPECT_GT(run(0, EXP_5, 2, 12), run(0, EXP_15, 2, 12));
}

TEST(LoadAvg, SteadyLoadIsReachedExactly)
{
    // Rounding up while rising makes a steady load of 3 reach exactly 3.00, not 2.99.
    EXPECT_EQ(run(0, EXP_1, 3, 2000), 3 * FIXED_1);
    EXPECT_EQ(run(0, EXP_15, 3, 20000), 3 * FIXED_1);
}

TEST(LoadAvg, DecaysToZero)
{
    EXPECT_EQ(run(5 * FIXED_1, EXP_1, 0, 2000), 0u);
    EXPECT_LT(run(FIXED_1, EXP_5, 0, 60), FIXED_1 * 40 / 100); // 5 minutes: e^-1
}
