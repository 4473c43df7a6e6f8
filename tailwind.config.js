/** Tailwind v3 configuration. `make css` builds static/css/app.css from
 * assets/css/input.css, keeping only classes used in views/ and static/js/. */
const palette = require("./assets/palette.json");

// "#6f6964" -> "111 105 100", for a CSS variable used with <alpha-value>.
const channels = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(" ");

module.exports = {
  content: ["./views/**/*.templ", "./views/**/*.go", "./static/js/app.js"],
  darkMode: "class",
  theme: {
    extend: {
      colors: {
        // Five-element palette used by charts (assets/palette.json): wood, fire, earth, metal, water.
        ...palette.elements,
        brand: palette.brand,
        // text-stone-500 is the secondary text everywhere (it is never a
        // background): it follows the theme so it passes AA on both.
        stone: { 500: "rgb(var(--muted-text) / <alpha-value>)" },
      },
      fontFamily: {
        // Chinese fonts first for the Chinese pages; kana and Hangul fall
        // back to the Japanese and Korean fonts after them, and Japanese and
        // Korean pages put their own first (assets/css/input.css, :lang).
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Noto Sans SC", "Noto Sans TC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans", "Yu Gothic", "Noto Sans JP", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "sans-serif"],
        serif: ["Noto Serif SC", "Noto Serif TC", "Songti SC", "SimSun", "Hiragino Mincho ProN", "Yu Mincho", "Noto Serif JP", "AppleMyungjo", "Batang", "Noto Serif KR", "serif"],
      },
    },
  },
  plugins: [
    ({ addBase }) =>
      addBase({
        ":root": { "--muted-text": channels(palette.mutedText.light) },
        ".dark": { "--muted-text": channels(palette.mutedText.dark) },
      }),
  ],
};
