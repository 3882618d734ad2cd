/**
 * On a page served over https, a second Content-Security-Policy without `http:` in `connect-src`.
 * index.html's policy allows `http:` so `?scenario=http://…` works where the game itself is served
 * over plain http (a school LAN); a meta policy is static, so this adds the stricter one at start-up
 * (no inline script: the policy allows only 'self' scripts). A page's policies all apply at once,
 * so the stricter wins. Tiny and import-free: it runs before the game's own module.
 */
if (location.protocol === 'https:') {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "connect-src 'self' https: data: blob: wss:";
  document.head.append(meta);
}
