; Inno Setup 6 script: a per-user (or, if chosen, all-users) installer for Veil on Windows x64.
; Build the bundle first (python packaging\build.py), then either let build.py call ISCC or run
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\veil.iss
; Output: dist\veil-<version>-windows-x64-setup.exe. Not built or tested yet (see README.md).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist"
#endif

[Setup]
AppId={{5B0E3C4A-8F1D-4E57-9C3B-7A2E6D1F0B95}
AppName=Veil
AppVersion={#AppVersion}
AppVerName=Veil {#AppVersion}
AppPublisher=Veil developers
AppComments=Anonymize a table of personal records and measure what still leaks
DefaultDirName={autopf}\Veil
DefaultGroupName=Veil
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#DistDir}
OutputBaseFilename=veil-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\veil.ico
UninstallDisplayIcon={app}\veil.exe
UninstallDisplayName=Veil {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole onedir bundle: veil.exe (windowed), veil-cli.exe (console) and _internal\.
Source: "{#DistDir}\veil\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Veil"; Filename: "{app}\veil.exe"; Comment: "Anonymize a table and measure what still leaks"
Name: "{group}\{cm:UninstallProgram,Veil}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Veil"; Filename: "{app}\veil.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\veil.exe"; Description: "{cm:LaunchProgram,Veil}"; Flags: nowait postinstall skipifsilent
