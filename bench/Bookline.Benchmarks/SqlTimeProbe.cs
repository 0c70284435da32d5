using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bookline.Benchmarks;

/// <summary>The median time of SQL statements on a SQLite catalog, read-only: to see what one step of a search costs.</summary>
internal static class SqlTimeProbe
{
    public static void Run(string path, IReadOnlyList<string> statements, int rounds)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        foreach (string sql in statements)
        {
            var times = new List<double>();
            long rows = 0;
            for (int i = 0; i < rounds; i++)
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = sql;
                long started = Stopwatch.GetTimestamp();
                using SqliteDataReader reader = command.ExecuteReader();
                rows = 0;
                while (reader.Read())
                {
                    rows++;
                }

                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2],8:F2} ms median {rows,6} rows  {sql}"));
        }
    }
}
