## chorus_newest_row: Bucardo conflict customcode written by chorus (docs/ARCHITECTURE.md, "Bucardo").
##
## bucardo_latest picks one winner per TABLE (the database that touched the table last), so a newer edit
## of a row can lose to an older one (bucardo.md §3). This picks a winner per ROW: the version with the
## newest updated_at; a database whose row is gone (deleted) or a table without updated_at counts as the
## oldest; ties go to the first database in a fixed host order.
##
## Bucardo passes the conflicts as { "pk1\0pk2..." => { dbname => 1, ... } } and takes back
## { "pk..." => winning dbname }. The handles are DBIx::Safe (SELECT only), one per database.
my ($info) = @_;
my @order = (__HOST_ORDER__);
my %rank;
@rank{@order} = (0 .. $#order);
my $conflicts = $info->{conflicts};
my $dbhs = $info->{dbh};
my ($S, $T) = ($info->{schemaname}, $info->{tablename});

my ($any) = grep { exists $dbhs->{$_} } @order;
($any) = sort keys %$dbhs if !defined $any;
my $h = $dbhs->{$any};
my $cache = $info->{shared}{chorus_newest_row} ||= {};
my $meta = $cache->{"$S.$T"};
if (!$meta) {
    my $rel = $h->quote_identifier($S) . '.' . $h->quote_identifier($T);
    my $qrel = $h->quote($rel);
    my $pk = $h->selectcol_arrayref("SELECT a.attname FROM pg_index i JOIN pg_attribute a"
        . " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
        . " WHERE i.indrelid = $qrel\::regclass AND i.indisprimary"
        . " ORDER BY array_position(i.indkey::int2[], a.attnum)");
    my ($has) = $h->selectrow_array("SELECT count(*) FROM pg_attribute WHERE attrelid = $qrel\::regclass"
        . " AND attname = 'updated_at' AND attnum > 0 AND NOT attisdropped");
    $meta = $cache->{"$S.$T"} = { rel => $rel, pk => $pk, updated => $has };
}

my $rows = 0;
for my $key (keys %$conflicts) {
    my $dbs = $conflicts->{$key};
    next if !ref $dbs;
    $rows++;
    my @vals = split /\0/, $key, -1;
    my $where = join ' AND ',
        map { $h->quote_identifier($meta->{pk}[$_]) . ' = ' . $h->quote($vals[$_]) } 0 .. $#vals;
    my ($best, $bestv);
    for my $db (sort { ($rank{$a} // 1e9) <=> ($rank{$b} // 1e9) or $a cmp $b } keys %$dbs) {
        my $v = '';
        if ($meta->{updated} and @{ $meta->{pk} }) {
            my ($u) = $dbhs->{$db}->selectrow_array(
                "SELECT to_char(updated_at, 'YYYYMMDDHH24MISSUS') FROM $meta->{rel} WHERE $where");
            $v = $u if defined $u;
        }
        if (!defined $best or $v gt $bestv) {
            ($best, $bestv) = ($db, $v);
        }
    }
    $conflicts->{$key} = $best;
}
$info->{message} = "chorus_newest_row: $S.$T: $rows conflicting row(s) resolved by newest updated_at";
return;
