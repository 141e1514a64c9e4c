#pragma once
// SpatialIndex: a uniform grid over world rectangles, so that culling to the viewport, hit
// testing and rubber-band selection cost what is near, not what is in the model. Qt-free.

#include "arch/elements.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace sg::app {

class SpatialIndex {
public:
    using Slot = std::uint32_t;

    explicit SpatialIndex(double cellSize = 512) : m_cellSize(cellSize) {}

    // Forgets every rectangle.
    void clear();
    // Sets the rectangle of `slot` (slots are small dense integers), replacing any earlier one.
    void insert(Slot slot, const sg::model::Rect &rect);
    void remove(Slot slot);
    [[nodiscard]] std::size_t size() const { return m_count; }

    // Every slot whose rectangle intersects `area`, each once, in ascending order.
    [[nodiscard]] std::vector<Slot> query(const sg::model::Rect &area) const;
    // Every slot whose rectangle lies entirely inside `area`, in ascending order.
    [[nodiscard]] std::vector<Slot> contained(const sg::model::Rect &area) const;
    // The slots whose rectangle contains the point, in ascending order.
    [[nodiscard]] std::vector<Slot> at(double x, double y) const;

    [[nodiscard]] const sg::model::Rect *rectOf(Slot slot) const;

private:
    struct Cells {
        int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
    };
    [[nodiscard]] Cells cellsOf(const sg::model::Rect &rect) const;
    [[nodiscard]] static std::uint64_t key(int cx, int cy);
    template <typename Keep>
    [[nodiscard]] std::vector<Slot> collect(const sg::model::Rect &area, Keep keep) const;

    double m_cellSize;
    std::unordered_map<std::uint64_t, std::vector<Slot>> m_cells;
    std::vector<sg::model::Rect> m_rects;
    std::vector<bool> m_present;
    std::size_t m_count = 0;
};

// Whether two rectangles overlap (touching edges do not).
[[nodiscard]] bool intersects(const sg::model::Rect &a, const sg::model::Rect &b);
// Whether `inner` lies entirely inside `outer`.
[[nodiscard]] bool containsRect(const sg::model::Rect &outer, const sg::model::Rect &inner);

} // namespace sg::app
