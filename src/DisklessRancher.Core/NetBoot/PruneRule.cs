using System.Collections.Generic;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// When -Prune may remove the hosts a batch did not publish: never when the batch published none (an empty or
    /// header-only CSV, or every row failed), which is an error; not while rows of the batch failed; and more than half
    /// of the published hosts only when forced.
    /// </summary>
    public static class PruneRule
    {
        /// <param name="stale">The hosts in the tree that this batch did not publish.</param>
        /// <param name="published">The hosts this batch published (or would have, under -WhatIf).</param>
        /// <param name="failed">The rows of this batch that failed.</param>
        /// <returns>Whether the stale hosts are to be removed; false when rows failed, which keeps them.</returns>
        /// <exception cref="NetBootException">The removal is refused as a mistake; nothing is to be removed.</exception>
        public static bool Allows(IReadOnlyCollection<StaleHost> stale, int published, int failed, bool force)
        {
            if (stale.Count == 0) return false;
            if (published == 0)
            {
                throw new NetBootException(NetBootError.PruneWouldEmpty,
                    $"-Prune removed nothing: this batch published no host, so all {stale.Count} published host(s) would have gone. Give the rows of the hosts to keep.");
            }
            if (failed > 0) return false;
            if (2 * stale.Count > stale.Count + published && !force)
            {
                throw new NetBootException(NetBootError.PruneNeedsForce,
                    $"-Prune removed nothing: {stale.Count} of the {stale.Count + published} published hosts are not in this batch, more than half. Check the rows, and use -Force to remove them.");
            }
            return true;
        }
    }
}
