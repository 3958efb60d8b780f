#include <gtest/gtest.h>
#include <lib/list.h>
#include <vector>

namespace {

// Two nodes, so one element can be on two lists at once (as a task is on a run queue and in its
// parent's children). The nodes are deliberately not the first member.
struct Task {
    explicit Task(int id)
        : m_id(id)
    {
    }

    int m_id;
    ListNode m_run_node;
    char m_padding[13] {};
    ListNode m_child_node;
};

using RunQueue = IntrusiveList<Task, &Task::m_run_node>;
using ChildList = IntrusiveList<Task, &Task::m_child_node>;

std::vector<int> ids(RunQueue const& list)
{
    std::vector<int> result;
    for (auto const& task : list)
        result.push_back(task.m_id);
    return result;
}

} // namespace

TEST(IntrusiveList, EmptyList)
{
    RunQueue list;
    EXPECT_TRUE(list.is_empty());
    EXPECT_EQ(list.first(), nullptr);
    EXPECT_EQ(list.last(), nullptr);
    EXPECT_EQ(list.pop_front(), nullptr);
    EXPECT_EQ(list.size_slow(), 0u);
    EXPECT_EQ(list.begin(), list.end());
}

TEST(IntrusiveList, PushOrderAndPop)
{
    Task a(1), b(2), c(3);
    RunQueue list;
    list.push_back(b);
    list.push_back(c);
    list.push_front(a);
    EXPECT_EQ(ids(list), (std::vector<int> { 1, 2, 3 }));
    EXPECT_EQ(list.first(), &a);
    EXPECT_EQ(list.last(), &c);
    EXPECT_EQ(list.size_slow(), 3u);
    EXPECT_TRUE(b.m_run_node.is_linked());

    EXPECT_EQ(list.pop_front(), &a);
    EXPECT_FALSE(a.m_run_node.is_linked());
    EXPECT_EQ(list.pop_back(), &c);
    EXPECT_EQ(list.pop_front(), &b);
    EXPECT_TRUE(list.is_empty());
}

TEST(IntrusiveList, RemoveFromMiddleAndReinsert)
{
    Task a(1), b(2), c(3);
    RunQueue list;
    list.push_back(a);
    list.push_back(b);
    list.push_back(c);
    list.remove(b);
    EXPECT_FALSE(list.contains(b));
    EXPECT_TRUE(list.contains(a));
    EXPECT_EQ(ids(list), (std::vector<int> { 1, 3 }));
    list.insert_before(c, b);
    EXPECT_EQ(ids(list), (std::vector<int> { 1, 2, 3 }));
    list.remove(a);
    list.push_back(a);
    EXPECT_EQ(ids(list), (std::vector<int> { 2, 3, 1 }));
    list.clear();
    EXPECT_FALSE(a.m_run_node.is_linked());
}

TEST(IntrusiveList, ContainerOfFindsTheElementForEitherNode)
{
    Task task(42);
    EXPECT_EQ(RunQueue::container_of(&task.m_run_node), &task);
    EXPECT_EQ(ChildList::container_of(&task.m_child_node), &task);
}

TEST(IntrusiveList, OneElementOnTwoLists)
{
    Task a(1), b(2);
    RunQueue run_queue;
    ChildList children;
    run_queue.push_back(a);
    run_queue.push_back(b);
    children.push_back(b);
    children.push_back(a);
    EXPECT_EQ(children.first()->m_id, 2);
    run_queue.remove(b);
    EXPECT_EQ(children.size_slow(), 2u);
    EXPECT_EQ(run_queue.size_slow(), 1u);
    EXPECT_TRUE(b.m_child_node.is_linked());
    EXPECT_FALSE(b.m_run_node.is_linked());
}

TEST(IntrusiveList, RemovingCurrentElementDuringIteration)
{
    Task tasks[] = { Task(1), Task(2), Task(3), Task(4), Task(5) };
    RunQueue list;
    for (auto& task : tasks)
        list.push_back(task);
    for (auto& task : list) {
        if (task.m_id % 2 == 0)
            list.remove(task);
    }
    EXPECT_EQ(ids(list), (std::vector<int> { 1, 3, 5 }));
}

TEST(IntrusiveList, DestroyingListUnlinksElements)
{
    Task a(1);
    {
        RunQueue list;
        list.push_back(a);
    }
    EXPECT_FALSE(a.m_run_node.is_linked());
}

TEST(IntrusiveListDeathTest, DoubleInsertIsCaught)
{
    EXPECT_DEATH(
        {
            Task a(1);
            RunQueue list;
            list.push_back(a);
            list.push_back(a);
        },
        "VERIFY");
}
