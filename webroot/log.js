// The job page's log box on top of htmx: follow the tail, keep a bounded number of lines, load earlier ones.
(function () {
  "use strict";

  // The log scrolls inside its own box, so the job's state and progress stay in sight; it follows the tail unless
  // the reader scrolled up to read.
  function following(log) {
    return log.scrollTop + log.clientHeight >= log.scrollHeight - 60;
  }

  // Whether to follow is decided by the reader's scrolling (scroll does not bubble: capture it), and the box is
  // scrolled at most once a frame: measuring layout on every line makes a long catch-up quadratic.
  document.addEventListener("scroll", function (event) {
    var log = event.target;
    // Only the reader's own scrolling counts, not the scroll this script did (its position is remembered).
    if (log.matches && log.matches("[data-log]") && String(log.scrollTop) !== log.dataset.autoTop) {
      log.dataset.follow = following(log) ? "1" : "";
    }
  }, true);

  // A long log keeps only its newest data-log-cap lines in the page (a 200,000-line log would make the tab crawl);
  // a notice at the top says which lines are left out and loads them again, a page at a time. Lines go only while
  // the reader follows the tail, so earlier lines being read are never taken away. One SSE event may carry several
  // lines and many events may come in one frame: trimming and scrolling happen once a frame.
  // The same notice stands for a gap between lines shown (from > 1), as logEarlier.jte makes it.
  function earlierNotice(log, hidden, from) {
    from = from || 1;
    var notice = document.createElement("div");
    notice.className = "log-earlier";
    notice.setAttribute("data-log-earlier", String(hidden));
    if (from > 1) {
      notice.setAttribute("data-log-from", String(from));
    }
    notice.appendChild(document.createTextNode("Lines " + from + "–" + hidden + " are not shown here. "));
    var url = log.getAttribute("data-log-lines") + "?before=" + (hidden + 1) + (from > 1 ? "&after=" + (from - 1) : "");
    var load = document.createElement("a");
    load.className = "load-earlier";
    load.href = url;
    load.setAttribute("hx-get", url);
    load.setAttribute("hx-target", "closest .log-earlier");
    load.setAttribute("hx-swap", "outerHTML");
    load.textContent = "Load earlier lines";
    var download = document.createElement("a");
    download.href = log.getAttribute("data-log-download");
    download.setAttribute("hx-boost", "false");
    download.setAttribute("download", "");
    download.textContent = "Download the full log";
    notice.append(load, " ", download);
    return notice;
  }

  function trim(log) {
    var cap = parseInt(log.getAttribute("data-log-cap"), 10);
    var notice = log.firstElementChild && log.firstElementChild.hasAttribute("data-log-earlier")
        ? log.firstElementChild : null;
    var offset = notice ? 1 : 0;
    var excess = log.childElementCount - offset - cap;
    if (!(cap > 0) || excess <= 0) {
      return;
    }
    var gone = document.createRange();
    gone.setStartBefore(log.firstChild);
    gone.setEndAfter(log.children[offset + excess - 1]);
    gone.deleteContents();
    // A gap left above the lines kept (see jumpTo) goes too: one notice says what is left out.
    while (log.firstElementChild && log.firstElementChild.hasAttribute("data-log-earlier")) {
      log.firstElementChild.remove();
    }
    var first = log.firstElementChild;
    var hidden = first ? Number(first.getAttribute("data-n")) - 1 : 0;
    if (hidden > 0) {
      log.insertBefore(earlierNotice(log, hidden), first);
      htmx.process(log.firstElementChild);
    }
  }

  var scheduled = false;
  document.addEventListener("htmx:sseMessage", function (event) {
    var log = event.target.closest && event.target.closest("[data-log]");
    if (!log || log.dataset.follow === "") {
      return;
    }
    // A fast replay can deliver thousands of events before the browser draws a frame: past twice the cap the log is
    // trimmed at once (which happens once per cap lines at most), so it stays bounded however long frames wait.
    if (log.childElementCount > 2 * parseInt(log.getAttribute("data-log-cap"), 10)) {
      trim(log);
    }
    if (scheduled) {
      return;
    }
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      if (log.isConnected && log.dataset.follow !== "") {
        trim(log);
        log.scrollTop = log.scrollHeight;
        log.dataset.autoTop = String(log.scrollTop);
      }
    });
  });

  // Earlier lines go in above the ones being read, which stay where they were on the screen; the reader scrolls up
  // for the new ones, and the next "Load earlier lines" (if any) takes the focus of the one that was pressed.
  var kept = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var notice = event.detail.target;
    var log = notice && notice.matches && notice.matches(".log-earlier") && notice.closest("[data-log]");
    var line = notice && notice.nextElementSibling;
    kept = log && line ? { log: log, line: line, offset: line.offsetTop - log.scrollTop } : null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!kept) {
      return;
    }
    var log = kept.log;
    log.dataset.follow = "";
    if (kept.line.isConnected) {
      log.scrollTop = kept.line.offsetTop - kept.offset;
    }
    kept = null;
    var next = log.firstElementChild && log.firstElementChild.querySelector(".load-earlier");
    if (next) {
      next.focus({ preventScroll: true });
    }
  });

  // log-search.js puts a page of lines it was sent to in place of a notice, leaving notices for the rest of the gap.
  window.slipwayLog = { notice: earlierNotice };
})();
