/**
 * Bucardo beside chorus: the one multi-source sync planned ({@link chorus.bridge.bucardo.Planner}),
 * checked ({@link chorus.bridge.bucardo.Doctor}), performed ({@link chorus.bridge.bucardo.Applier}) and
 * kept alive ({@link chorus.bridge.bucardo.Watchdog}). See docs/ARCHITECTURE.md, "Bucardo".
 */
package chorus.bridge.bucardo;
