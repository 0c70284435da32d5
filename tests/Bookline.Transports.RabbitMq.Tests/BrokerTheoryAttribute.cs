namespace Bookline.Transports.RabbitMq.Tests;

/// <summary>A theory that needs the broker, skipped (or failed) as a <see cref="BrokerFactAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrokerTheoryAttribute : TheoryAttribute
{
    public BrokerTheoryAttribute()
    {
        Skip = new BrokerFactAttribute().Skip;
    }
}
