// Slipway dashboard behaviour on top of htmx: resume log streams where they stopped, and follow the log's tail.
(function () {
  "use strict";

  function lastLine() {
    var log = document.querySelector("[data-log]");
    var last = log && log.lastElementChild;
    return last ? last.getAttribute("data-n") : null;
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
    this.relay = this.dispatch.bind(this);
    sources.add(this);
    if (!document.hidden) {
      this.connect();
    }
  }

  ResumableSource.prototype.connect = function () {
    var self = this;
    var target = new URL(this.url, window.location.href);
    if (this.lastId) {
      target.searchParams.set("after", this.lastId);
    }
    var inner = this.inner = new EventSource(target.toString(), { withCredentials: true });
    inner.onopen = function (event) {
      self.readyState = 1;
      if (self.onopen) {
        self.onopen(event);
      }
    };
    inner.onerror = function (event) {
      self.readyState = inner.readyState;
      if (inner.readyState === 2) {
        self.close();
      }
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

  ResumableSource.prototype.pause = function () {
    if (this.inner) {
      this.inner.close();
      this.inner = null;
    }
  };

  ResumableSource.prototype.resume = function () {
    if (!this.inner && this.readyState !== 2) {
      this.connect();
    }
  };

  ResumableSource.prototype.close = function () {
    this.readyState = 2;
    sources.delete(this);
    this.pause();
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

  var scheduled = false;
  document.addEventListener("htmx:sseMessage", function (event) {
    var log = event.target.closest && event.target.closest("[data-log]");
    if (!log || log.dataset.follow === "" || scheduled) {
      return;
    }
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      if (log.isConnected && log.dataset.follow !== "") {
        log.scrollTop = log.scrollHeight;
        log.dataset.autoTop = String(log.scrollTop);
      }
    });
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
