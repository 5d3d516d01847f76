// Vite imports CSS for its side effect.
declare module '*.css'
