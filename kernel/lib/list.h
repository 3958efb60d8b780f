#pragma once

#include <lib/assert.h>
#include <lib/types.h>

// Intrusive doubly-linked circular list, in the manner of Linux's struct list_head: the links live
// inside the element, so linking and unlinking never allocate and cannot fail (run queues, wait
// queues, a parent's children). The list itself is a sentinel node; an empty list's sentinel points
// at itself.
//
// NOTE: an element's node is null-linked (m_prev == m_next == nullptr) exactly when it is on no
// list. An element can be on one list per ListNode member it has. Destroying an element that is
// still linked is a bug and is caught by ~ListNode().

struct ListNode {
    ListNode* m_prev { nullptr };
    ListNode* m_next { nullptr };

    ListNode() = default;
    // A copy would alias the original's neighbours, and moving would leave them pointing at the
    // old address; elements stay where they are while linked.
    ListNode(ListNode const&) = delete;
    ListNode& operator=(ListNode const&) = delete;

    ~ListNode() { VERIFY(!is_linked()); }

    bool is_linked() const { return m_next != nullptr; }
};

template<typename T, ListNode T::*member>
class IntrusiveList {
public:
    IntrusiveList()
    {
        m_head.m_prev = &m_head;
        m_head.m_next = &m_head;
    }

    // Elements outlive the list in the common case (a dying wait queue); unlink them so their
    // nodes read as free again.
    ~IntrusiveList()
    {
        clear();
        m_head.m_prev = nullptr;
        m_head.m_next = nullptr;
    }

    // The elements point at the sentinel, so the list cannot move.
    IntrusiveList(IntrusiveList const&) = delete;
    IntrusiveList& operator=(IntrusiveList const&) = delete;

    bool is_empty() const { return m_head.m_next == &m_head; }

    void push_back(T& item) { insert_between(node_of(item), m_head.m_prev, &m_head); }
    void push_front(T& item) { insert_between(node_of(item), &m_head, m_head.m_next); }

    // Links item just before position, which must be on this list (for ordered lists).
    void insert_before(T& position, T& item)
    {
        ListNode* next = node_of(position);
        VERIFY(next->is_linked());
        insert_between(node_of(item), next->m_prev, next);
    }

    // Links item just after position, which must be on this list.
    void insert_after(T& position, T& item)
    {
        ListNode* prev = node_of(position);
        VERIFY(prev->is_linked());
        insert_between(node_of(item), prev, prev->m_next);
    }

    // The neighbours of an element on this list, or null at either end.
    T* next(T& item) const
    {
        ListNode* n = node_of(item)->m_next;
        return n == &m_head ? nullptr : container_of(n);
    }
    T* prev(T& item) const
    {
        ListNode* p = node_of(item)->m_prev;
        return p == &m_head ? nullptr : container_of(p);
    }

    // Unlinks item, which must be on this list (only is_linked() is checked: O(1)).
    void remove(T& item)
    {
        ListNode* node = node_of(item);
        VERIFY(node->is_linked());
        node->m_prev->m_next = node->m_next;
        node->m_next->m_prev = node->m_prev;
        node->m_prev = nullptr;
        node->m_next = nullptr;
    }

    T* first() const { return is_empty() ? nullptr : container_of(m_head.m_next); }
    T* last() const { return is_empty() ? nullptr : container_of(m_head.m_prev); }

    T* pop_front()
    {
        T* item = first();
        if (item)
            remove(*item);
        return item;
    }

    T* pop_back()
    {
        T* item = last();
        if (item)
            remove(*item);
        return item;
    }

    // Unlinks every element.
    void clear()
    {
        while (pop_front()) { }
    }

    // O(n): walks the list.
    usize size_slow() const
    {
        usize count = 0;
        for (ListNode const* node = m_head.m_next; node != &m_head; node = node->m_next)
            ++count;
        return count;
    }

    // O(n): walks the list.
    bool contains(T const& item) const
    {
        ListNode const* wanted = &(item.*member);
        for (ListNode const* node = m_head.m_next; node != &m_head; node = node->m_next) {
            if (node == wanted)
                return true;
        }
        return false;
    }

    // NOTE: the iterator reads the next node before the loop body runs, so the body may remove
    // (or even destroy) the current element. Removing any *other* element during iteration is not
    // safe.
    template<typename ElementType>
    class IteratorBase {
    public:
        IteratorBase(ListNode* node)
            : m_node(node)
            , m_next(node->m_next)
        {
        }

        ElementType& operator*() const { return *container_of(m_node); }
        ElementType* operator->() const { return container_of(m_node); }

        IteratorBase& operator++()
        {
            m_node = m_next;
            m_next = m_node->m_next;
            return *this;
        }

        bool operator==(IteratorBase const& other) const { return m_node == other.m_node; }

    private:
        ListNode* m_node;
        ListNode* m_next;
    };

    using Iterator = IteratorBase<T>;
    using ConstIterator = IteratorBase<T const>;

    Iterator begin() { return Iterator(m_head.m_next); }
    Iterator end() { return Iterator(&m_head); }
    ConstIterator begin() const { return ConstIterator(m_head.m_next); }
    ConstIterator end() const { return ConstIterator(const_cast<ListNode*>(&m_head)); }

    static ListNode* node_of(T& item) { return &(item.*member); }

    // The element that embeds node.
    // NOTE: C++ has no portable way to turn a pointer-to-data-member into a byte offset. Under the
    // Itanium C++ ABI, which GCC and Clang use on every target we build for, a data member pointer
    // is represented as exactly that offset (as a ptrdiff_t), so we read it out with a bit cast.
    // This also works when T is not standard-layout, unlike offsetof.
    static T* container_of(ListNode* node)
    {
        static_assert(sizeof(member) == sizeof(isize));
        isize offset = __builtin_bit_cast(isize, member);
        return reinterpret_cast<T*>(reinterpret_cast<u8*>(node) - offset);
    }

private:
    static void insert_between(ListNode* node, ListNode* prev, ListNode* next)
    {
        VERIFY(!node->is_linked());
        node->m_prev = prev;
        node->m_next = next;
        prev->m_next = node;
        next->m_prev = node;
    }

    ListNode m_head;
};
