// commands.html's one call, in a file so the page runs under script-src 'self' (no inline script).
Office.onReady(function () {});
