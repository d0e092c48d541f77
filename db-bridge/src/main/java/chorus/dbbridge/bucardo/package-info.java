/**
 * Bucardo beside chorus: the one multi-source sync planned ({@link chorus.dbbridge.bucardo.Planner}),
 * checked ({@link chorus.dbbridge.bucardo.Doctor}), performed ({@link chorus.dbbridge.bucardo.Applier}) and
 * kept alive ({@link chorus.dbbridge.bucardo.Watchdog}). See docs/ARCHITECTURE.md, "Bucardo".
 */
package chorus.dbbridge.bucardo;
