#include "spatialindex.h"

#include <algorithm>
#include <cmath>

namespace sg::app {

using sg::model::Rect;

bool intersects(const Rect &a, const Rect &b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
           b.y < a.y + a.height;
}

bool containsRect(const Rect &outer, const Rect &inner) {
    return inner.x >= outer.x && inner.y >= outer.y &&
           inner.x + inner.width <= outer.x + outer.width &&
           inner.y + inner.height <= outer.y + outer.height;
}

void SpatialIndex::clear() {
    m_cells.clear();
    m_rects.clear();
    m_present.clear();
    m_count = 0;
}

std::uint64_t SpatialIndex::key(int cx, int cy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) |
           static_cast<std::uint32_t>(cy);
}

SpatialIndex::Cells SpatialIndex::cellsOf(const Rect &rect) const {
    // Coordinates far outside any board are clamped so that a stray value cannot make the grid
    // enumerate billions of cells.
    static constexpr double kLimit = 1e9;
    const auto cell = [this](double v) {
        return static_cast<int>(std::floor(std::clamp(v, -kLimit, kLimit) / m_cellSize));
    };
    return {cell(rect.x), cell(rect.y), cell(rect.x + std::max(0.0, rect.width)),
            cell(rect.y + std::max(0.0, rect.height))};
}

void SpatialIndex::insert(Slot slot, const Rect &rect) {
    remove(slot);
    if (slot >= m_rects.size()) {
        m_rects.resize(slot + 1);
        m_present.resize(slot + 1, false);
    }
    m_rects[slot] = rect;
    m_present[slot] = true;
    ++m_count;
    const Cells c = cellsOf(rect);
    for (int cy = c.y0; cy <= c.y1; ++cy) {
        for (int cx = c.x0; cx <= c.x1; ++cx) {
            m_cells[key(cx, cy)].push_back(slot);
        }
    }
}

void SpatialIndex::remove(Slot slot) {
    if (slot >= m_present.size() || !m_present[slot]) {
        return;
    }
    const Cells c = cellsOf(m_rects[slot]);
    for (int cy = c.y0; cy <= c.y1; ++cy) {
        for (int cx = c.x0; cx <= c.x1; ++cx) {
            const auto it = m_cells.find(key(cx, cy));
            if (it == m_cells.end()) {
                continue;
            }
            std::erase(it->second, slot);
            if (it->second.empty()) {
                m_cells.erase(it);
            }
        }
    }
    m_present[slot] = false;
    --m_count;
}

const Rect *SpatialIndex::rectOf(Slot slot) const {
    return slot < m_present.size() && m_present[slot] ? &m_rects[slot] : nullptr;
}

template <typename Keep>
std::vector<SpatialIndex::Slot> SpatialIndex::collect(const Rect &area, Keep keep) const {
    std::vector<Slot> out;
    const Cells c = cellsOf(area);
    const double cells =
        (static_cast<double>(c.x1) - c.x0 + 1) * (static_cast<double>(c.y1) - c.y0 + 1);
    if (cells > static_cast<double>(m_cells.size())) {
        // A view wider than the board: walking the occupied cells is cheaper than the area.
        for (const auto &[cellKey, slots] : m_cells) {
            (void)cellKey;
            for (const Slot slot : slots) {
                if (keep(m_rects[slot])) {
                    out.push_back(slot);
                }
            }
        }
    } else {
        for (int cy = c.y0; cy <= c.y1; ++cy) {
            for (int cx = c.x0; cx <= c.x1; ++cx) {
                const auto it = m_cells.find(key(cx, cy));
                if (it == m_cells.end()) {
                    continue;
                }
                for (const Slot slot : it->second) {
                    if (keep(m_rects[slot])) {
                        out.push_back(slot);
                    }
                }
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<SpatialIndex::Slot> SpatialIndex::query(const Rect &area) const {
    return collect(area, [&area](const Rect &r) { return intersects(r, area); });
}

std::vector<SpatialIndex::Slot> SpatialIndex::contained(const Rect &area) const {
    return collect(area, [&area](const Rect &r) { return containsRect(area, r); });
}

std::vector<SpatialIndex::Slot> SpatialIndex::at(double x, double y) const {
    const Rect point{x, y, 0, 0};
    return collect(point, [x, y](const Rect &r) {
        return x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;
    });
}

} // namespace sg::app
