// Slipway dashboard behaviour on top of htmx: resume log streams where they stopped, and follow the log's tail.
(function () {
  "use strict";

  function lastLine() {
    var log = document.querySelector("[data-log]");
    var last = log && log.lastElementChild;
    return last ? last.getAttribute("data-n") : null;
  }

  // htmx's SSE extension opens a fresh EventSource after an error, which would replay the whole log:
  // ask the server only for the lines after the last one on the page.
  htmx.createEventSource = function (url) {
    var target = new URL(url, window.location.href);
    var after = lastLine();
    if (after) {
      target.searchParams.set("after", after);
    }
    return new EventSource(target.toString(), { withCredentials: true });
  };

  var following = true;
  document.addEventListener("scroll", function () {
    following = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
  }, { passive: true });

  document.addEventListener("htmx:sseMessage", function () {
    if (following) {
      window.scrollTo(0, document.body.scrollHeight);
    }
  });
})();
