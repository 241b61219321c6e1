// A running job's elapsed time (forms slice, issue 8): the server writes when the job started and its own clock's
// time at rendering; this counts on from them every second. Any element swapped in later (a state change, a
// reconnect) brings its own start time, so the count is right again after each.
(function () {
  function text(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    function two(n) { return (n < 10 ? '0' : '') + n; }
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + two(s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + two(Math.floor(s / 60) % 60) + ' min';
  }
  function tick() {
    document.querySelectorAll('[data-elapsed-since]').forEach(function (el) {
      if (!el.dataset.clockOffset) {
        // The browser's clock may differ from the server's: count from the server's time.
        el.dataset.clockOffset = String(Number(el.dataset.serverNow || Date.now()) - Date.now());
      }
      el.textContent = text(Date.now() + Number(el.dataset.clockOffset) - Number(el.dataset.elapsedSince));
    });
  }
  setInterval(tick, 1000);
})();
