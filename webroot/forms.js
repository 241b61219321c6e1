// The forms slice (issue 8): a refused form's error summary, and a running job's elapsed time.
(function () {
  // A refused form: the summary gets the focus (a screen reader reads it, a keyboard starts there), and its links
  // move the focus to their field, as a fragment link alone does not.
  function focusSummary() {
    var summary = document.querySelector('[data-error-summary]');
    // A field that asks for the focus itself (the Node field after a refused pin) keeps it.
    if (summary && !summary.dataset.focused && !document.querySelector('[aria-invalid="true"][autofocus]')) {
      summary.dataset.focused = 'yes';
      summary.focus();
    }
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('[data-error-summary] a[href^="#"]');
    var field = link && document.getElementById(link.getAttribute('href').slice(1));
    if (field) {
      event.preventDefault();
      var details = field.closest('details');
      if (details) details.open = true;
      field.focus();
      field.scrollIntoView({block: 'center'});
    }
  });
  document.addEventListener('DOMContentLoaded', focusSummary);
  document.addEventListener('htmx:afterSettle', focusSummary);

  // The elapsed time: the server writes when the job started and its own clock's time at rendering; this counts on
  // from them every second. Any element swapped in later (a state change, a reconnect) brings its own start time.
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
