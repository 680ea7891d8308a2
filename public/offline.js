// Registers the offline worker (sw.js) and offers Reload when a newer build or dataset waits.
// Without a worker the atlas works online as ever; boot.js imports this in release builds only.

const workers = navigator.serviceWorker;
const base = document.baseURI;

function ask(worker, message) {
  return new Promise((answer) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => answer(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}

let shown = false;
function offerReload(reload) {
  if (shown) return;
  shown = true;
  const notice = document.createElement("div");
  notice.className = "update-notice";
  notice.setAttribute("role", "status");
  notice.dataset.testid = "update-notice";
  const text = document.createElement("p");
  text.textContent = "A newer version of the atlas is available.";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Reload";
  button.addEventListener("click", () => {
    button.disabled = true;
    reload();
  });
  notice.append(text, button);
  document.body.append(notice);
}

function newerBuild(waiting) {
  offerReload(() => {
    workers.addEventListener("controllerchange", () => location.reload());
    waiting.postMessage({ type: "atlas:activate" });
  });
}

function newerDataset() {
  offerReload(async () => {
    if (workers.controller) await ask(workers.controller, { type: "atlas:take-newer" });
    location.reload();
  });
}

async function start() {
  const registration = await workers.register(new URL("sw.js", base), { scope: new URL("./", base).pathname });
  const installedWhileControlled = (worker) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed" && workers.controller) newerBuild(worker);
    });
  };
  if (registration.waiting && workers.controller) newerBuild(registration.waiting);
  if (registration.installing) installedWhileControlled(registration.installing);
  registration.addEventListener("updatefound", () => installedWhileControlled(registration.installing));
  if (workers.controller && (await ask(workers.controller, { type: "atlas:look-for-newer" })).newer) newerDataset();
}

if (workers) start().catch(() => {});
