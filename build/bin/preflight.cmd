@echo off
rem `preflight` from the installed app (Windows): the app's own binary runs the CLI
rem with --cli (electron/main/cli-mode.ts). This file sits in <install>\resources\bin;
rem add that folder to PATH.
"%~dp0..\..\Preflight.exe" --cli %*
exit /b %ERRORLEVEL%
