namespace Bookline.Pipelines.Transport;

/// <summary>
/// An item handed to a worker by a <see cref="IWorkQueue{T}"/>. It stays the queue's
/// responsibility until the worker settles it with <see cref="IWorkQueue{T}.Acknowledge"/> or
/// <see cref="IWorkQueue{T}.RejectAsync"/>; a broker redelivers an unsettled one if the worker dies.
/// </summary>
/// <typeparam name="T">The type of the item.</typeparam>
/// <param name="Item">The item.</param>
/// <param name="Tag">The queue's handle on this delivery (a broker's delivery tag); opaque to workers.</param>
/// <param name="Redelivered">True when an earlier delivery of the same item was not acknowledged.</param>
public readonly record struct Delivery<T>(T Item, ulong Tag, bool Redelivered = false);
