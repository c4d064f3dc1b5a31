; Inno Setup script for Rotation Planner (https://jrsoftware.org/ishelp/).
; Build on Windows after `make package` (PyInstaller one-folder build in dist\rotation-planner):
;   iscc packaging\windows\rotation-planner.iss
; Installs per user by default (no administrator needed), adds a Start menu entry and an
; uninstaller; user settings, logs and the plan archive (in %LOCALAPPDATA%\RotationPlanner)
; are left in place on uninstall, so an advisor's history survives a reinstall.

#define AppName "Rotation Planner"
#define AppVersion "0.1.0"
#define AppExe "rotation-planner.exe"

[Setup]
AppId={{6E0C2B0A-3F1D-4C7B-9E55-6A1F2D9B7C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Rotation Planner
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=RotationPlanner-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\rotation-planner.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\rotation-planner\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "gui --demo"; Description: "Open {#AppName} on the demo household"; Flags: nowait postinstall skipifsilent
