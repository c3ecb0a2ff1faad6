/* One WebSocket per page to /ws (session cookie auth). Every server event is re-dispatched on
 * `document` as a CustomEvent named "coprod:<type>" (e.g. "coprod:generation_progress"), so page
 * scripts listen without opening sockets of their own. Keeps the unread badge current and
 * reconnects with backoff. */
(function () {
  "use strict";
  let retry = 0;
  function badge(count) {
    document.querySelectorAll("[data-unread-badge]").forEach(function (el) {
      el.textContent = String(count);
      el.hidden = !count;
      const link = el.closest("a");
      if (link) link.setAttribute("aria-label", "Notifications (" + count + " unread)");
    });
  }
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/ws");
    window.coprodSocket = socket;
    socket.onopen = function () { retry = 0; };
    socket.onmessage = function (message) {
      let event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type === "notification" && typeof event.unread_count === "number") badge(event.unread_count);
      document.dispatchEvent(new CustomEvent("coprod:" + event.type, { detail: event }));
    };
    socket.onclose = function (closed) {
      if (closed.code === 4401) return; // not signed in: nothing to listen to
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * Math.pow(2, retry));
    };
  }
  window.coprodBadge = badge;
  connect();
})();
