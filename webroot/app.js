// Slipway dashboard behaviour on top of htmx: resume log streams where they stopped, and follow the log's tail.
(function () {
  "use strict";

  function lastLine() {
    var log = document.querySelector("[data-log]");
    var last = log && log.lastElementChild;
    return last ? last.getAttribute("data-n") : null;
  }

  // Each page shows how its event stream is doing, in the element marked data-stream-state inside the element that
  // opened it: a browser allows six HTTP/1.1 connections per host, so a seventh stream waits for one, and says so.
  var STATES = {
    live: "live",
    connecting: "connecting…",
    waiting: "waiting for a connection",
    reconnecting: "reconnecting…",
    paused: "paused while this tab is hidden",
    ended: ""
  };
  var HINTS = {
    waiting: "The browser has no free connection to this server: over HTTP/1.1 it opens six per host, and each open "
        + "Slipway page holds one. Close a Slipway tab, or serve Slipway over HTTPS (HTTP/2 shares one connection).",
    paused: "Shown again, the page picks up where it stopped."
  };
  var WAITING_AFTER_MS = 1000;

  function stateElement(url) {
    var owners = document.querySelectorAll("[sse-connect]");
    for (var i = 0; i < owners.length; i++) {
      if (owners[i].getAttribute("sse-connect") === url) {
        return owners[i].querySelector("[data-stream-state]");
      }
    }
    return null;
  }

  // Every open event stream holds one of the six connections a browser allows per host, so a tab in the background
  // lets go of its streams and takes them up again, where it stopped, when it comes back. htmx's SSE extension gets
  // an EventSource look-alike; a fresh one (after an error) also asks only for the lines after the last one shown.
  var sources = new Set();

  function ResumableSource(url) {
    this.url = url;
    this.readyState = 0;
    this.onopen = null;
    this.onerror = null;
    this.listeners = {};
    this.lastId = lastLine();
    this.inner = null;
    this.waitTimer = null;
    this.relay = this.dispatch.bind(this);
    sources.add(this);
    if (document.hidden) {
      this.show("paused");
    } else {
      this.connect();
    }
  }

  ResumableSource.prototype.show = function (state) {
    var shown = stateElement(this.url);
    if (shown && shown.getAttribute("data-state") !== state) {
      shown.setAttribute("data-state", state);
      shown.textContent = STATES[state];
      if (!shown.hasAttribute("data-title")) {
        shown.setAttribute("data-title", shown.title);
      }
      shown.title = HINTS[state] || shown.getAttribute("data-title");
    }
  };

  ResumableSource.prototype.shown = function () {
    var shown = stateElement(this.url);
    return shown && shown.getAttribute("data-state");
  };

  ResumableSource.prototype.connect = function () {
    var self = this;
    var target = new URL(this.url, window.location.href);
    if (this.lastId) {
      target.searchParams.set("after", this.lastId);
    }
    var inner = this.inner = new EventSource(target.toString(), { withCredentials: true });
    // A stream taken up again after an error (htmx makes a new source then) still says it is reconnecting.
    if (this.shown() !== "reconnecting") {
      this.show("connecting");
    }
    clearTimeout(this.waitTimer);
    this.waitTimer = setTimeout(function () {
      if (self.inner === inner && inner.readyState === 0) {
        self.show("waiting");
      }
    }, WAITING_AFTER_MS);
    inner.onopen = function (event) {
      self.readyState = 1;
      clearTimeout(self.waitTimer);
      self.show("live");
      if (self.onopen) {
        self.onopen(event);
      }
    };
    inner.onerror = function (event) {
      self.readyState = inner.readyState;
      if (inner.readyState === 2) {
        self.close();
      }
      // The browser retries by itself (CONNECTING), or htmx makes a new source (CLOSED): either way, it reconnects.
      self.show("reconnecting");
      if (self.onerror) {
        self.onerror(event);
      }
    };
    Object.keys(this.listeners).forEach(function (type) {
      inner.addEventListener(type, self.relay);
    });
  };

  ResumableSource.prototype.dispatch = function (event) {
    if (event.lastEventId) {
      this.lastId = event.lastEventId;
    }
    (this.listeners[event.type] || []).slice().forEach(function (listener) {
      listener(event);
    });
  };

  ResumableSource.prototype.addEventListener = function (type, listener) {
    if (!this.listeners[type]) {
      this.listeners[type] = [];
      if (this.inner) {
        this.inner.addEventListener(type, this.relay);
      }
    }
    this.listeners[type].push(listener);
  };

  ResumableSource.prototype.removeEventListener = function (type, listener) {
    this.listeners[type] = (this.listeners[type] || []).filter(function (l) {
      return l !== listener;
    });
  };

  ResumableSource.prototype.disconnect = function () {
    clearTimeout(this.waitTimer);
    if (this.inner) {
      this.inner.close();
      this.inner = null;
    }
  };

  ResumableSource.prototype.pause = function () {
    if (this.readyState !== 2) {
      this.disconnect();
      this.show("paused");
    }
  };

  ResumableSource.prototype.resume = function () {
    if (!this.inner && this.readyState !== 2) {
      this.connect();
    }
  };

  // htmx closes the source when the stream says it ended (sse-close): nothing is left to show.
  ResumableSource.prototype.close = function () {
    this.readyState = 2;
    sources.delete(this);
    this.disconnect();
    this.show("ended");
  };

  htmx.createEventSource = function (url) {
    return new ResumableSource(url);
  };

  document.addEventListener("visibilitychange", function () {
    sources.forEach(function (source) {
      if (document.hidden) {
        source.pause();
      } else {
        source.resume();
      }
    });
  });

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
  function earlierNotice(log, hidden) {
    var notice = document.createElement("div");
    notice.className = "log-earlier";
    notice.setAttribute("data-log-earlier", String(hidden));
    notice.appendChild(document.createTextNode("Lines 1–" + hidden + " are not shown here. "));
    var url = log.getAttribute("data-log-lines") + "?before=" + (hidden + 1);
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
})();

// The History filters leave their empty fields out of htmx's request, so the URL it pushes (to bookmark or share)
// holds only the filters that are set.
document.addEventListener("htmx:configRequest", function (event) {
  "use strict";
  if (!event.target.matches || !event.target.matches("form.history-filters")) {
    return;
  }
  var params = event.detail.parameters;
  Object.keys(params).forEach(function (name) {
    if (params[name] === "") {
      delete params[name];
    }
  });
});
