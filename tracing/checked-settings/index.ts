export { resolveAllSettings, resolveSettings } from "./resolve";
