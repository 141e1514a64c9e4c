# macOS: a disk image (CPack DragNDrop) with Stormglass.app, its Qt gathered into the bundle by
# macdeployqt, and stormglass-cli beside the app's own executable. Not built by the Stormglass
# team's CI; see installer/README.md.
#   cmake --preset release && cmake --build --preset release
#   cd build/release && cpack -G DragNDrop

# The bundle's Info.plist names the document types it opens and its icon. stormglass.icns is
# made from resources/icons/stormglass.svg on a Mac (iconutil), as installer/README.md says.
set_target_properties(stormglass PROPERTIES
    OUTPUT_NAME Stormglass
    MACOSX_BUNDLE_INFO_PLIST ${CMAKE_CURRENT_LIST_DIR}/Info.plist.in
    MACOSX_BUNDLE_BUNDLE_NAME Stormglass
    MACOSX_BUNDLE_GUI_IDENTIFIER invalid.stormglass.Stormglass
    MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
    MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
    MACOSX_BUNDLE_ICON_FILE stormglass.icns)
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/stormglass.icns)
    target_sources(stormglass PRIVATE ${CMAKE_CURRENT_LIST_DIR}/stormglass.icns)
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/stormglass.icns PROPERTIES
        MACOSX_PACKAGE_LOCATION Resources)
endif()

# In the bundle the CLI sits next to the app's executable, and the examples in Resources.
install(TARGETS stormglass-cli RUNTIME DESTINATION Stormglass.app/Contents/MacOS)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/examples/
        DESTINATION Stormglass.app/Contents/Resources/examples FILES_MATCHING PATTERN "*.json")

# macdeployqt copies Qt's frameworks, plugins and the QML modules qml/ imports into the bundle.
get_target_property(sg_qmake Qt6::qmake IMPORTED_LOCATION)
get_filename_component(sg_qt_bin ${sg_qmake} DIRECTORY)
find_program(SG_MACDEPLOYQT macdeployqt HINTS ${sg_qt_bin} REQUIRED)
install(CODE "
    execute_process(
        COMMAND \"${SG_MACDEPLOYQT}\" \"\${CMAKE_INSTALL_PREFIX}/Stormglass.app\"
                -qmldir=\"${PROJECT_SOURCE_DIR}/qml\"
                -executable=\"\${CMAKE_INSTALL_PREFIX}/Stormglass.app/Contents/MacOS/stormglass-cli\"
        RESULT_VARIABLE sg_rc)
    if(NOT sg_rc EQUAL 0)
        message(FATAL_ERROR \"macdeployqt failed: \${sg_rc}\")
    endif()")

set(CPACK_GENERATOR DragNDrop)
set(CPACK_DMG_VOLUME_NAME Stormglass)
set(CPACK_DMG_FORMAT UDBZ)
