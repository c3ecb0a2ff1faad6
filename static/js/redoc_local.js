/* The API docs (ReDoc) with every asset from our origin. ReDoc's sidebar credit loads Redocly's
 * logo from their CDN, with no option to turn it off; that one image gets a blank picture instead
 * (the credit's link text stays). Loaded before ReDoc's bundle, on the ReDoc page only. */
(function () {
  "use strict";
  const remote = "https://cdn.redoc.ly/redoc/logo-mini.svg";
  const blank = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";
  const local = (element, value) => (element instanceof HTMLImageElement && value === remote ? blank : value);
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    return setAttribute.call(this, name, name === "src" ? local(this, value) : value);
  };
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true, enumerable: src.enumerable, get: src.get,
    set: function (value) { src.set.call(this, local(this, value)); },
  });
})();
