#include "canvasnodes.h"

#include <QSGTextureMaterial>
#include <QSGVertexColorMaterial>

namespace sg::app {

namespace {

// Per-vertex colours without blending: the renderer then draws the node in its opaque pass,
// front to back with the depth test, which is far cheaper than blending on a software renderer.
class OpaqueVertexColorMaterial : public QSGVertexColorMaterial {
public:
    OpaqueVertexColorMaterial() { setFlag(Blending, false); }
    [[nodiscard]] QSGMaterialType *type() const override {
        static QSGMaterialType type;
        return &type;
    }
};

} // namespace

QSGGeometryNode *colorNode(bool opaque) {
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), 0, 0,
                                     QSGGeometry::UnsignedIntType);
    geometry->setDrawingMode(QSGGeometry::DrawTriangles);
    node->setGeometry(geometry);
    node->setMaterial(opaque ? new OpaqueVertexColorMaterial : new QSGVertexColorMaterial);
    node->setFlags(QSGNode::OwnsGeometry | QSGNode::OwnsMaterial);
    return node;
}

QSGGeometryNode *textureNode() {
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_TexturedPoint2D(), 0, 0,
                                     QSGGeometry::UnsignedIntType);
    geometry->setDrawingMode(QSGGeometry::DrawTriangles);
    node->setGeometry(geometry);
    auto *material = new QSGTextureMaterial;
    material->setFiltering(QSGTexture::Linear);
    material->setMipmapFiltering(QSGTexture::Linear);
    node->setMaterial(material);
    node->setFlags(QSGNode::OwnsGeometry | QSGNode::OwnsMaterial);
    return node;
}

} // namespace sg::app
