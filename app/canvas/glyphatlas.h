#pragma once
// GlyphAtlas: the canvas's text, drawn from one texture. Each glyph is rasterised once (at a
// size that stays sharp up to 2x zoom) into a shared image; a label is then a run of textured
// quads that all go into one batched node, so thousands of labels cost one draw call and no
// per-frame text layout.

#include <QColor>
#include <QImage>
#include <QRawFont>
#include <QRectF>
#include <QString>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace sg::app {

class GlyphAtlas {
public:
    // One glyph of a laid-out label: where it goes (world units, relative to the label's box)
    // and where it is in the atlas (pixels).
    struct Quad {
        QRectF rect;
        QRectF source;
    };

    struct Style {
        double pixelSize = 13; // in world units
        bool bold = false;
        QColor ink;
        bool centered = false; // each line centred, the block centred vertically
    };

    GlyphAtlas();

    // Lays out `text` inside a box of `width` x `height` (wrapped, at most `maxLines` lines, the
    // last elided) and appends its glyphs to `out`. Returns the height used.
    double layout(const QString &text, const Style &style, double width, double height,
                  int maxLines, std::vector<Quad> &out);

    [[nodiscard]] const QImage &image() const { return m_image; }
    // Bumped whenever the image changes (new glyphs): the texture must be uploaded again.
    [[nodiscard]] std::uint64_t imageRevision() const { return m_imageRevision; }
    // Bumped when the atlas was full and started again: every cached Quad is invalid.
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }

    // The size glyphs are rasterised at; labels drawn larger than this on screen get soft.
    static constexpr double kRasterPixelSize = 26;

private:
    struct Cell {
        QRectF source;  // in the atlas, pixels
        QPointF offset; // from the pen position to the cell's top-left, raster pixels
    };
    [[nodiscard]] const Cell &cell(const QRawFont &font, quint32 glyph, QRgb ink);
    int fontIndex(const QRawFont &font);
    bool place(QSize size, QPoint &at);
    void reset();

    QImage m_image;
    std::vector<QRawFont> m_fonts;
    std::unordered_map<std::uint64_t, Cell> m_cells;
    std::vector<QRgb> m_inks;
    int m_shelfX = 0;
    int m_shelfY = 0;
    int m_shelfHeight = 0;
    std::uint64_t m_imageRevision = 1;
    std::uint64_t m_generation = 1;
};

} // namespace sg::app
