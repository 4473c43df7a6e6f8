/** Tailwind v3 configuration. `make css` builds static/css/app.css from
 * assets/css/input.css, keeping only classes used in views/ and static/js/. */
module.exports = {
  content: ["./views/**/*.templ", "./views/**/*.go", "./static/js/app.js"],
  darkMode: "class",
  theme: {
    extend: {
      colors: {
        // Five-element palette used by charts: wood, fire, earth, metal, water.
        wood: { DEFAULT: "#2f855a", light: "#c6f6d5", dark: "#68d391" },
        fire: { DEFAULT: "#c53030", light: "#fed7d7", dark: "#fc8181" },
        earth: { DEFAULT: "#b7791f", light: "#fefcbf", dark: "#f6e05e" },
        metal: { DEFAULT: "#718096", light: "#edf2f7", dark: "#cbd5e0" },
        water: { DEFAULT: "#2b6cb0", light: "#bee3f8", dark: "#90cdf4" },
        brand: { DEFAULT: "#9b2c2c", light: "#fff5f5", dark: "#feb2b2" },
      },
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Noto Sans SC", "Noto Sans TC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
        serif: ["Noto Serif SC", "Noto Serif TC", "Songti SC", "SimSun", "serif"],
      },
    },
  },
  plugins: [],
};
