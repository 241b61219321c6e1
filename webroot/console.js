// The console page: xterm.js on a WebSocket to the container's shell. Bytes travel as binary frames both ways, so
// xterm decodes UTF-8 itself (also a character split between two frames); text frames carry resize and state.
(function () {
  const box = document.querySelector('[data-console]');
  const status = document.querySelector('[data-console-status]');
  if (!box || !status) {
    return;
  }
  const say = (text) => {
    status.textContent = text;
    status.dataset.state = text.replace(/[:…].*/, '');
  };
  if (!window.Terminal || !window.FitAddon) {
    say('ended: the terminal (xterm.js) did not load');
    return;
  }
  const term = new Terminal({cursorBlink: true, scrollback: 5000,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 14});
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(box);
  // Every key goes to the shell (Tab too), except F6, which leaves the terminal for the page's links.
  term.attachCustomKeyEventHandler((event) => {
    if (event.key !== 'F6') {
      return true;
    }
    if (event.type === 'keydown') {
      event.preventDefault();
      document.querySelector('[data-console-leave]').focus();
    }
    return false;
  });
  fit.fit();
  // The size the shell was given, as `stty size` prints it (rows, then columns).
  const shown = () => { box.dataset.size = term.rows + ' ' + term.cols; };
  shown();
  const url = new URL(box.dataset.console, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('cols', term.cols);
  url.searchParams.set('rows', term.rows);
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  let ended = false;
  say('connecting…');
  socket.onmessage = (event) => {
    if (typeof event.data !== 'string') {
      term.write(new Uint8Array(event.data));
      return;
    }
    const message = JSON.parse(event.data);
    if (message.state === 'connected') {
      say('connected');
      term.focus();
    } else if (message.ended) {
      ended = true;
      say('ended: ' + message.ended);
    }
  };
  socket.onclose = (event) => {
    if (!ended) {
      say('ended: ' + (event.reason || 'the connection to Slipway was lost'));
    }
    term.options.disableStdin = true;
    term.options.cursorBlink = false;
  };
  const send = (data) => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(data);
    }
  };
  term.onData((text) => send(encoder.encode(text)));
  term.onBinary((text) => send(Uint8Array.from(text, (c) => c.charCodeAt(0))));
  term.onResize(({cols, rows}) => {
    shown();
    send(JSON.stringify({resize: {cols, rows}}));
  });
  window.addEventListener('resize', () => fit.fit());
  window.addEventListener('pagehide', () => socket.close(1000, 'the page was closed'));
})();
