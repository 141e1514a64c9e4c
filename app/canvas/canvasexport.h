#pragma once
// Export of the board (or of a selection) as a picture: PNG at twice the board's scale, or SVG,
// drawn with QPainter from the same scene, colours and edge routes as the canvas.

#include "canvasscene.h"

#include <QString>

#include <string>
#include <unordered_set>

namespace sg::app {

// Writes the elements of `scene` (only those in `only`, when it is not empty, with the edges
// between them) to `path`; the format follows the extension (.png or .svg). Returns an error
// message, or an empty string.
[[nodiscard]] QString exportBoard(const CanvasScene &scene,
                                  const std::unordered_set<std::string> &only, bool dark,
                                  const QString &path);

} // namespace sg::app
