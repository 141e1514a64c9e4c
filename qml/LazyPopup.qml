pragma ComponentBehavior: Bound
import QtQuick

// Holds a dialog or overlay that most sessions never open, and creates it from its own file the
// first time it is needed, so that the window's first frame does not pay for it.
Loader {
    id: lazy

    // The popup's file, next to this one, and the properties it is created with.
    required property url popupSource
    property var popupProperties: ({})

    // The popup, created on the first call (typed loosely: each popup has its own functions).
    function popup(): var {
        if (!lazy.active) {
            lazy.active = true;
            lazy.setSource(lazy.popupSource, lazy.popupProperties);
        }
        return lazy.item;
    }

    active: false
}
