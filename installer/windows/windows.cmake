# Windows: an NSIS installer (CPack NSIS) holding the two programs and the Qt they need,
# gathered by windeployqt. Not built by the Stormglass team's CI; see installer/README.md.
#   cmake --preset release && cmake --build --preset release
#   cd build/release && cpack -G NSIS          # or -G ZIP for a portable folder

# The executable's icon, in Explorer and the taskbar.
target_sources(stormglass PRIVATE ${CMAKE_CURRENT_LIST_DIR}/stormglass.rc)

# windeployqt copies Qt's DLLs, plugins and the QML modules qml/ imports next to the programs.
# It reads the imports from the QML sources, since the Stormglass module is compiled in.
get_target_property(sg_qmake Qt6::qmake IMPORTED_LOCATION)
get_filename_component(sg_qt_bin ${sg_qmake} DIRECTORY)
find_program(SG_WINDEPLOYQT windeployqt HINTS ${sg_qt_bin} REQUIRED)
install(CODE "
    execute_process(
        COMMAND \"${SG_WINDEPLOYQT}\" --release --no-translations --no-system-d3d-compiler
                --qmldir \"${PROJECT_SOURCE_DIR}/qml\"
                \"\${CMAKE_INSTALL_PREFIX}/bin/stormglass.exe\"
        RESULT_VARIABLE sg_rc)
    if(NOT sg_rc EQUAL 0)
        message(FATAL_ERROR \"windeployqt failed: \${sg_rc}\")
    endif()")

set(CPACK_GENERATOR NSIS ZIP)
set(CPACK_NSIS_PACKAGE_NAME Stormglass)
set(CPACK_NSIS_DISPLAY_NAME Stormglass)
set(CPACK_NSIS_MUI_ICON ${CMAKE_CURRENT_LIST_DIR}/stormglass.ico)
set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\\\stormglass.exe)
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH ON) # offers to put bin\ (stormglass-cli) on PATH
set(CPACK_PACKAGE_EXECUTABLES stormglass Stormglass) # Start menu shortcut
# Double-clicking a model opens it: one ProgID for both extensions.
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS "
    WriteRegStr HKCR '.stormglass' '' 'Stormglass.Model'
    WriteRegStr HKCR 'Stormglass.Model' '' 'Stormglass model'
    WriteRegStr HKCR 'Stormglass.Model\\\\DefaultIcon' '' '$INSTDIR\\\\bin\\\\stormglass.exe,0'
    WriteRegStr HKCR 'Stormglass.Model\\\\shell\\\\open\\\\command' '' '\\\"$INSTDIR\\\\bin\\\\stormglass.exe\\\" \\\"%1\\\"'
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "
    DeleteRegKey HKCR '.stormglass'
    DeleteRegKey HKCR 'Stormglass.Model'
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'")
