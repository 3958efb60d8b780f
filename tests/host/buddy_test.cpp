#include <algorithm>
#include <climits>
#include <gtest/gtest.h>
#include <memory>
#include <mm/buddy.h>
#include <random>
#include <vector>

// Teardown: every PageFrame holds a ListNode whose destructor VERIFYs that it is unlinked, and
// free blocks sit on the allocator's free lists. The fixture therefore declares the frame array
// (allocated with `new PageFrame[n]`) before the allocator, so the allocator dies first (and
// make() drops the old allocator before the old frames); its
// IntrusiveList destructors unlink every free block, after which deleting the frames is safe and
// nothing leaks (LeakSanitizer stays quiet).

namespace {

constexpr unsigned max_order = BuddyAllocator::max_order;

u64 block_pages(unsigned order) { return 1ull << order; }

// A live block handed out by allocate().
struct Block {
    u64 pfn;
    unsigned order;
};

class Buddy : public ::testing::Test {
protected:
    void make(u64 frame_count)
    {
        // The old allocator (if any) unlinks its free blocks before their frames go.
        m_buddy.reset();
        m_frame_count = frame_count;
        m_frames.reset(new PageFrame[frame_count]);
        m_buddy = std::make_unique<BuddyAllocator>();
        m_buddy->init(m_frames.get(), frame_count);
        m_managed.assign(frame_count, false);
        m_live.assign(frame_count, false);
    }

    void add(u64 first, u64 end)
    {
        m_buddy->add_free_range(first, end);
        for (u64 i = first; i < end; ++i)
            m_managed[i] = true;
    }

    // Allocates through the allocator and checks everything a caller is promised about the
    // block: alignment, inside a range that was added, no overlap with another live block, head
    // refcount 1 and order set, the rest of the block refcount 0.
    PageFrame* allocate(unsigned order)
    {
        PageFrame* head = m_buddy->allocate(order);
        if (!head)
            return nullptr;
        u64 pfn = m_buddy->pfn_of(head);
        EXPECT_EQ(m_buddy->frame_of(pfn), head);
        EXPECT_EQ(pfn % block_pages(order), 0u) << "order " << order << " block at pfn " << pfn;
        EXPECT_LE(pfn + block_pages(order), m_frame_count);
        EXPECT_EQ(head->refcount.load(), 1u);
        EXPECT_EQ(head->order, order);
        EXPECT_FALSE(head->flags & (PG_buddy | PG_reserved));
        for (u64 i = pfn; i < pfn + block_pages(order) && i < m_frame_count; ++i) {
            EXPECT_TRUE(m_managed[i]) << "pfn " << i << " was never added (reserved or a hole)";
            EXPECT_FALSE(m_live[i]) << "pfn " << i << " handed out twice";
            m_live[i] = true;
            if (i != pfn) {
                EXPECT_EQ(m_frames[i].refcount.load(), 0u) << "tail pfn " << i;
            }
        }
        m_blocks.push_back({ pfn, order });
        return head;
    }

    // Frees as mm/page_alloc.cpp's free_pages() does: the reference count drops to 0 first.
    void release(Block block)
    {
        for (u64 i = block.pfn; i < block.pfn + block_pages(block.order); ++i) {
            ASSERT_TRUE(m_live[i]);
            m_live[i] = false;
        }
        PageFrame* head = m_buddy->frame_of(block.pfn);
        head->refcount.store(0);
        m_buddy->free(head, block.order);
    }

    void release_all()
    {
        for (Block block : m_blocks)
            release(block);
        m_blocks.clear();
    }

    std::vector<u64> free_block_counts() const
    {
        std::vector<u64> counts;
        for (unsigned order = 0; order <= max_order; ++order)
            counts.push_back(m_buddy->free_blocks(order));
        return counts;
    }

    // The allocator's whole state, read back from the frames: the PG_buddy heads must agree
    // with free_blocks() and free_pages(), be aligned, cover only added frames that are not
    // live, not overlap one another, and be fully coalesced (no free block's buddy is a free
    // block of the same order).
    void check_invariants()
    {
        std::vector<bool> covered(m_frame_count, false);
        std::vector<u64> counts(max_order + 1, 0);
        u64 pages = 0;
        u64 live_pages = 0;
        for (u64 pfn = 0; pfn < m_frame_count; ++pfn) {
            if (m_live[pfn])
                ++live_pages;
            PageFrame const& frame = m_frames[pfn];
            if (!(frame.flags & PG_buddy))
                continue;
            unsigned order = frame.order;
            ASSERT_LE(order, max_order) << "free head at pfn " << pfn;
            ASSERT_EQ(pfn % block_pages(order), 0u) << "free block misaligned at pfn " << pfn;
            ASSERT_LE(pfn + block_pages(order), m_frame_count);
            EXPECT_FALSE(frame.flags & PG_reserved);
            EXPECT_EQ(frame.refcount.load(), 0u);
            ++counts[order];
            pages += block_pages(order);
            // Plain tests in this loop: gtest macros per page make the stress test crawl.
            for (u64 i = pfn; i < pfn + block_pages(order); ++i) {
                if (!m_managed[i])
                    FAIL() << "free block at " << pfn << " covers unadded pfn " << i;
                if (m_live[i])
                    FAIL() << "free block at " << pfn << " covers live pfn " << i;
                if (covered[i])
                    FAIL() << "free blocks overlap at pfn " << i;
                covered[i] = true;
            }
            if (order < max_order) {
                u64 buddy = pfn ^ block_pages(order);
                if (buddy < m_frame_count) {
                    PageFrame const& other = m_frames[buddy];
                    EXPECT_FALSE((other.flags & PG_buddy) && other.order == order)
                        << "free buddies " << pfn << " and " << buddy << " of order " << order << " not merged";
                }
            }
        }
        EXPECT_EQ(pages, m_buddy->free_pages());
        for (unsigned order = 0; order <= max_order; ++order)
            EXPECT_EQ(counts[order], m_buddy->free_blocks(order)) << "order " << order;
        EXPECT_EQ(live_pages + m_buddy->free_pages(), m_buddy->managed_pages());
    }

    u64 m_frame_count { 0 };
    std::unique_ptr<PageFrame[]> m_frames; // declared before m_buddy: destroyed after it
    std::unique_ptr<BuddyAllocator> m_buddy;
    std::vector<bool> m_managed; // added by add_free_range
    std::vector<bool> m_live; // inside a block allocate() returned and not yet freed
    std::vector<Block> m_blocks;
};

// What add_free_range should produce for [first, end) on its own: the largest aligned blocks that
// fit, with nothing free around the range to merge with.
std::vector<u64> greedy_counts(u64 first, u64 end)
{
    std::vector<u64> counts(max_order + 1, 0);
    while (first < end) {
        unsigned order = max_order;
        while (order > 0 && (first % block_pages(order) != 0 || first + block_pages(order) > end))
            --order;
        ++counts[order];
        first += block_pages(order);
    }
    return counts;
}

} // namespace

TEST_F(Buddy, StartsEmptyWithEverythingReserved)
{
    make(64);
    EXPECT_EQ(m_buddy->free_pages(), 0u);
    EXPECT_EQ(m_buddy->managed_pages(), 0u);
    EXPECT_EQ(m_buddy->frame_count(), 64u);
    for (unsigned order = 0; order <= max_order; ++order) {
        EXPECT_EQ(m_buddy->free_blocks(order), 0u);
        EXPECT_EQ(m_buddy->allocate(order), nullptr);
    }
}

TEST_F(Buddy, PfnAndFrameRoundTrip)
{
    make(100);
    for (u64 pfn = 0; pfn < 100; ++pfn) {
        EXPECT_EQ(m_buddy->frame_of(pfn), &m_frames[pfn]);
        EXPECT_EQ(m_buddy->pfn_of(&m_frames[pfn]), pfn);
    }
}

TEST_F(Buddy, AlignedRangeBecomesTopOrderBlocks)
{
    make(4 * 1024);
    add(0, 4 * 1024);
    EXPECT_EQ(m_buddy->managed_pages(), 4096u);
    EXPECT_EQ(m_buddy->free_pages(), 4096u);
    EXPECT_EQ(m_buddy->free_blocks(max_order), 4u);
    for (unsigned order = 0; order < max_order; ++order)
        EXPECT_EQ(m_buddy->free_blocks(order), 0u);
    check_invariants();
}

TEST_F(Buddy, AllocateReturnsAlignedBlocksOfEveryOrder)
{
    make(8 * 1024);
    add(0, 8 * 1024);
    // Mix small and large so the large ones must skip over split blocks.
    for (unsigned round = 0; round < 3; ++round) {
        for (unsigned order = 0; order <= max_order; ++order)
            ASSERT_NE(allocate(order), nullptr) << "round " << round << " order " << order;
        check_invariants();
    }
    release_all();
    check_invariants();
    EXPECT_EQ(m_buddy->free_blocks(max_order), 8u);
    EXPECT_EQ(m_buddy->free_pages(), 8u * 1024);
}

TEST_F(Buddy, SplitLeavesOneBlockOfEachLowerOrderAndFreeMergesBack)
{
    make(1024);
    add(0, 1024);
    PageFrame* page = allocate(0);
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(m_buddy->free_pages(), 1023u);
    EXPECT_EQ(m_buddy->free_blocks(max_order), 0u);
    for (unsigned order = 0; order < max_order; ++order)
        EXPECT_EQ(m_buddy->free_blocks(order), 1u) << "order " << order;
    check_invariants();

    release_all();
    EXPECT_EQ(m_buddy->free_pages(), 1024u);
    EXPECT_EQ(m_buddy->free_blocks(max_order), 1u);
    for (unsigned order = 0; order < max_order; ++order)
        EXPECT_EQ(m_buddy->free_blocks(order), 0u) << "order " << order;
    check_invariants();
}

TEST_F(Buddy, SmallerOrderIsTakenBeforeSplittingALargerBlock)
{
    make(1024);
    add(0, 1024);
    ASSERT_NE(allocate(0), nullptr); // leaves one free block of each order 0..9
    ASSERT_NE(allocate(3), nullptr); // must use the free order-3 block, not split the order-9 one
    EXPECT_EQ(m_buddy->free_blocks(3), 0u);
    EXPECT_EQ(m_buddy->free_blocks(9), 1u);
    EXPECT_EQ(m_buddy->free_pages(), 1024u - 1 - 8);
    check_invariants();
    release_all();
    EXPECT_EQ(m_buddy->free_blocks(max_order), 1u);
}

TEST_F(Buddy, FreeingInAnyOrderMergesFully)
{
    make(2048);
    add(0, 2048);
    auto initial = free_block_counts();
    std::mt19937 rng(7);
    for (int trial = 0; trial < 5; ++trial) {
        for (int i = 0; i < 2048; ++i)
            ASSERT_NE(allocate(0), nullptr);
        EXPECT_EQ(m_buddy->free_pages(), 0u);
        std::shuffle(m_blocks.begin(), m_blocks.end(), rng);
        release_all();
        check_invariants();
        EXPECT_EQ(free_block_counts(), initial) << "trial " << trial;
        EXPECT_EQ(m_buddy->free_pages(), 2048u);
    }
}

TEST_F(Buddy, ExhaustOrderZeroThenFreeAll)
{
    make(3 * 1024 + 37);
    add(5, 3 * 1024 + 37);
    u64 start_free = m_buddy->free_pages();
    auto initial = free_block_counts();
    ASSERT_EQ(start_free, 3u * 1024 + 32);

    u64 count = 0;
    while (allocate(0))
        ++count;
    EXPECT_EQ(count, start_free);
    EXPECT_EQ(m_buddy->free_pages(), 0u);
    for (unsigned order = 0; order <= max_order; ++order) {
        EXPECT_EQ(m_buddy->free_blocks(order), 0u);
        EXPECT_EQ(m_buddy->allocate(order), nullptr);
    }
    check_invariants();

    release_all();
    check_invariants();
    EXPECT_EQ(m_buddy->free_pages(), start_free);
    EXPECT_EQ(free_block_counts(), initial);
}

TEST_F(Buddy, ExhaustEachOrder)
{
    for (unsigned order = 0; order <= max_order; ++order) {
        make(4 * 1024);
        add(0, 4 * 1024);
        u64 count = 0;
        while (allocate(order))
            ++count;
        EXPECT_EQ(count, 4096u >> order) << "order " << order;
        EXPECT_EQ(m_buddy->free_pages(), 0u);
        release_all();
        EXPECT_EQ(m_buddy->free_blocks(max_order), 4u);
        check_invariants();
        m_blocks.clear();
    }
}

TEST_F(Buddy, RefusesOrdersAboveMax)
{
    make(2048);
    add(0, 2048);
    auto initial = free_block_counts();
    EXPECT_EQ(m_buddy->allocate(max_order + 1), nullptr);
    EXPECT_EQ(m_buddy->allocate(max_order + 5), nullptr);
    EXPECT_EQ(m_buddy->allocate(63), nullptr);
    EXPECT_EQ(m_buddy->allocate(64), nullptr);
    EXPECT_EQ(m_buddy->allocate(UINT_MAX), nullptr);
    EXPECT_EQ(free_block_counts(), initial);
    EXPECT_EQ(m_buddy->free_pages(), 2048u);
    EXPECT_NE(allocate(max_order), nullptr);
    EXPECT_NE(allocate(max_order), nullptr);
    EXPECT_EQ(allocate(max_order), nullptr);
    release_all();
}

TEST_F(Buddy, AdjacentRangesAddedSeparatelyMerge)
{
    make(1024);
    add(0, 512);
    EXPECT_EQ(m_buddy->free_blocks(9), 1u);
    add(512, 1024);
    EXPECT_EQ(m_buddy->free_blocks(9), 0u);
    EXPECT_EQ(m_buddy->free_blocks(max_order), 1u);
    EXPECT_EQ(m_buddy->managed_pages(), 1024u);
    check_invariants();
}

TEST_F(Buddy, ReservedFrameBetweenRangesIsNeverHandedOutAndBlocksMerging)
{
    make(2048);
    constexpr u64 reserved = 1000;
    add(0, reserved);
    add(reserved + 1, 2048);
    EXPECT_EQ(m_buddy->managed_pages(), 2047u);
    EXPECT_EQ(m_buddy->free_pages(), 2047u);
    // [1024, 2048) is whole; [0, 1024) minus pfn 1000 breaks into exactly one block of each order
    // 0..9 (1000 = 0b1111101000 below it, 23 = 0b10111 above it).
    auto initial = free_block_counts();
    for (unsigned order = 0; order <= max_order; ++order)
        EXPECT_EQ(initial[order], 1u) << "order " << order;
    check_invariants();

    // Every page, by exhaustion: the reserved one never comes out (allocate() checks m_managed).
    u64 count = 0;
    while (allocate(0))
        ++count;
    EXPECT_EQ(count, 2047u);
    EXPECT_FALSE(m_live[reserved]);
    EXPECT_TRUE(m_frames[reserved].flags & PG_reserved);

    // Freed again, nothing merges across the hole.
    std::mt19937 rng(11);
    std::shuffle(m_blocks.begin(), m_blocks.end(), rng);
    release_all();
    check_invariants();
    EXPECT_EQ(free_block_counts(), initial);
    EXPECT_EQ(m_buddy->free_pages(), 2047u);
    EXPECT_TRUE(m_frames[reserved].flags & PG_reserved);
    EXPECT_FALSE(m_frames[reserved].flags & PG_buddy);

    // Only the one whole order-10 block exists: the low one can never form.
    EXPECT_NE(allocate(max_order), nullptr);
    EXPECT_EQ(allocate(max_order), nullptr);
    EXPECT_EQ(m_blocks.back().pfn, 1024u);
    release_all();
}

TEST_F(Buddy, TwoDisjointRangesWithAGap)
{
    make(4096);
    add(100, 1500);
    add(2600, 4000);
    EXPECT_EQ(m_buddy->managed_pages(), 2800u);
    check_invariants();
    auto initial = free_block_counts();
    u64 count = 0;
    while (allocate(0))
        ++count;
    EXPECT_EQ(count, 2800u);
    for (u64 pfn = 1500; pfn < 2600; ++pfn)
        ASSERT_FALSE(m_live[pfn]);
    release_all();
    check_invariants();
    EXPECT_EQ(free_block_counts(), initial);
}

TEST_F(Buddy, OddRangeNotAlignedToMaxOrder)
{
    make(3000);
    add(3, 2999);
    auto expected = greedy_counts(3, 2999);
    EXPECT_EQ(free_block_counts(), expected);
    EXPECT_EQ(m_buddy->free_pages(), 2996u);
    EXPECT_EQ(m_buddy->managed_pages(), 2996u);
    check_invariants();
    // Only [1024, 2048) is a whole aligned order-10 block inside [3, 2999).
    EXPECT_EQ(m_buddy->free_blocks(max_order), 1u);
    ASSERT_NE(allocate(max_order), nullptr);
    EXPECT_EQ(m_blocks.back().pfn, 1024u);
    EXPECT_EQ(allocate(max_order), nullptr);
    // Order 9 blocks: [512,1024) and [2048,2560) only.
    ASSERT_NE(allocate(9), nullptr);
    ASSERT_NE(allocate(9), nullptr);
    EXPECT_EQ(allocate(9), nullptr);
    check_invariants();
    release_all();
    check_invariants();
    EXPECT_EQ(free_block_counts(), expected);
    EXPECT_EQ(m_buddy->free_pages(), 2996u);
}

TEST_F(Buddy, FrameCountNotAMultipleOfMaxOrderBlock)
{
    // The last block's buddy would lie past the end of the array: it must not be looked at or
    // merged with.
    make(1500);
    add(0, 1500);
    auto expected = greedy_counts(0, 1500);
    EXPECT_EQ(free_block_counts(), expected);
    EXPECT_EQ(m_buddy->free_blocks(max_order), 1u);
    EXPECT_EQ(m_buddy->free_blocks(9), 0u);
    check_invariants();
    u64 count = 0;
    while (allocate(0))
        ++count;
    EXPECT_EQ(count, 1500u);
    std::reverse(m_blocks.begin(), m_blocks.end());
    release_all();
    check_invariants();
    EXPECT_EQ(free_block_counts(), expected);
}

TEST_F(Buddy, EmptyRangeAddsNothing)
{
    make(64);
    add(10, 10);
    EXPECT_EQ(m_buddy->free_pages(), 0u);
    EXPECT_EQ(m_buddy->managed_pages(), 0u);
    EXPECT_EQ(m_buddy->allocate(0), nullptr);
}

TEST_F(Buddy, SinglePageRanges)
{
    make(16);
    add(3, 4);
    add(5, 6);
    EXPECT_EQ(m_buddy->free_blocks(0), 2u);
    EXPECT_EQ(allocate(1), nullptr); // 3 and 5 are not buddies
    add(4, 5);
    // 4 merges with 5 into [4, 6); 3 stays alone (its buddy 2 is reserved).
    EXPECT_EQ(m_buddy->free_blocks(0), 1u);
    EXPECT_EQ(m_buddy->free_blocks(1), 1u);
    check_invariants();
    ASSERT_NE(allocate(1), nullptr);
    EXPECT_EQ(m_blocks.back().pfn, 4u);
    release_all();
}

// The header promises that a block comes back with its tail frames at refcount 0, and that
// free() takes "a block that allocate(order) returned" (head refcount 1). Freed without first
// dropping the count (as page_alloc's free_pages() does), a block's head that then merges into a
// lower buddy keeps refcount 1 as a tail frame of the merged block, and a later allocation hands
// it out with a stale count.
TEST_F(Buddy, TailFramesHaveRefcountZeroEvenWhenFreedStraightFromAllocate)
{
    make(2);
    add(0, 2);
    PageFrame* low = m_buddy->allocate(0);
    PageFrame* high = m_buddy->allocate(0);
    ASSERT_NE(low, nullptr);
    ASSERT_NE(high, nullptr);
    ASSERT_NE(low, high);
    // Refcounts still 1, exactly as allocate() returned them. The low one goes first, so the
    // high one merges into it at once instead of passing through push_free() (which would zero
    // its count).
    m_buddy->free(low, 0);
    m_buddy->free(high, 0);
    EXPECT_EQ(m_buddy->free_blocks(1), 1u);
    PageFrame* pair = m_buddy->allocate(1);
    ASSERT_EQ(pair, &m_frames[0]);
    EXPECT_EQ(m_frames[0].refcount.load(), 1u);
    EXPECT_EQ(m_frames[1].refcount.load(), 0u) << "tail frame of a fresh order-1 block";
    m_buddy->free(pair, 1);
}

TEST_F(Buddy, RandomizedStress)
{
    // Two ranges with a hole and odd edges, not a multiple of the top block.
    make(3 * 1024 + 77);
    add(1, 1500);
    add(1503, 3 * 1024 + 70);
    check_invariants();
    u64 start_free = m_buddy->free_pages();
    auto initial = free_block_counts();

    std::mt19937 rng(0x5eed);
    std::uniform_int_distribution<int> percent(0, 99);
    std::geometric_distribution<int> small_order(0.45);
    int refused = 0; // allocations that found no block large enough
    int large_allocated = 0; // order 5 and up
    for (int step = 0; step < 3000; ++step) {
        bool do_allocate = m_blocks.empty() || percent(rng) < 55;
        if (do_allocate) {
            unsigned order = unsigned(std::min(small_order(rng), int(max_order)));
            bool any = false;
            for (unsigned o = order; o <= max_order; ++o)
                any |= m_buddy->free_blocks(o) != 0;
            u64 free_before = m_buddy->free_pages();
            PageFrame* block = allocate(order);
            // Fails exactly when no free block is large enough.
            ASSERT_EQ(block != nullptr, any) << "step " << step << " order " << order;
            if (block) {
                EXPECT_EQ(m_buddy->free_pages(), free_before - block_pages(order));
                if (order >= 5)
                    ++large_allocated;
            } else {
                EXPECT_EQ(m_buddy->free_pages(), free_before);
                ++refused;
            }
        } else {
            std::uniform_int_distribution<usize> pick(0, m_blocks.size() - 1);
            usize i = pick(rng);
            Block block = m_blocks[i];
            m_blocks[i] = m_blocks.back();
            m_blocks.pop_back();
            u64 free_before = m_buddy->free_pages();
            release(block);
            EXPECT_EQ(m_buddy->free_pages(), free_before + block_pages(block.order));
        }
        check_invariants();
        if (HasFatalFailure() || HasFailure())
            FAIL() << "invariant broken at step " << step;
    }

    // The seed is fixed; make sure it drove the allocator into exhaustion and through big blocks.
    EXPECT_GT(refused, 0);
    EXPECT_GT(large_allocated, 0);

    release_all();
    check_invariants();
    EXPECT_EQ(m_buddy->free_pages(), start_free);
    EXPECT_EQ(free_block_counts(), initial);
}

using BuddyDeathTest = Buddy;

TEST_F(BuddyDeathTest, DoubleFreeIsCaught)
{
    make(1024);
    add(0, 1024);
    PageFrame* page = m_buddy->allocate(0);
    ASSERT_NE(page, nullptr);
    page->refcount.store(0);
    m_buddy->free(page, 0);
    // pfn 0's buddy was free, so page 0 now heads the merged free block.
    EXPECT_DEATH(m_buddy->free(page, 0), "VERIFY");
}

TEST_F(BuddyDeathTest, FreeingAReservedFrameIsCaught)
{
    make(16);
    add(0, 8);
    EXPECT_DEATH(m_buddy->free(&m_frames[8], 0), "VERIFY");
}

TEST_F(BuddyDeathTest, FreeingAMisalignedBlockIsCaught)
{
    make(16);
    add(0, 16);
    ASSERT_NE(allocate(0), nullptr);
    ASSERT_NE(allocate(0), nullptr);
    EXPECT_DEATH(m_buddy->free(&m_frames[1], 1), "VERIFY");
    release_all();
}

TEST_F(BuddyDeathTest, RangePastTheEndIsCaught)
{
    make(16);
    EXPECT_DEATH(m_buddy->add_free_range(0, 17), "VERIFY");
}
