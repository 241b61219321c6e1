// Slipway dashboard behaviour on top of htmx: resume event streams where they stopped and show how they are doing
// (the job log's box is in log.js).
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
