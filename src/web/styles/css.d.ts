// Style sheets imported by the web app (Vite bundles them): main.tsx loads app.css lazily.
declare module '*.css';
